// The size budget of lp.js (SPEC.md §3), gated here as well as by `npm run size`. Needs a build (npm test builds).
import { existsSync, readFileSync } from 'node:fs';
import { brotliCompressSync, constants } from 'node:zlib';
import { expect, it } from 'vitest';
import budgets from '../size-budget.json';

it('keeps every budgeted file within its brotli budget', () => {
  for (const [file, budget] of Object.entries(budgets)) {
    expect(existsSync(file), `${file} is missing: run npm run build`).toBe(true);
    const brotli = brotliCompressSync(readFileSync(file), { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
    expect(brotli, `${file}: ${brotli} bytes brotli`).toBeLessThanOrEqual(budget);
  }
});
