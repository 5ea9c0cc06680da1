// The size budgets (SPEC.md §3: lp.js brotli, the head snippet raw), gated here as well as by `npm run size`.
// Needs a build (npm test builds).
import { existsSync, readFileSync } from 'node:fs';
import { brotliCompressSync, constants } from 'node:zlib';
import { expect, it } from 'vitest';
import budgets from '../size-budget.json';

const measure = { raw: (b: Buffer) => b.length, brotli: (b: Buffer) => brotliCompressSync(b, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length };

it('keeps every budgeted file within its budget', () => {
  for (const [file, budget] of Object.entries(budgets)) {
    expect(existsSync(file), `${file} is missing: run npm run build`).toBe(true);
    for (const [kind, limit] of Object.entries(budget) as [keyof typeof measure, number][]) {
      const bytes = measure[kind](readFileSync(file));
      expect(bytes, `${file}: ${bytes} bytes ${kind}`).toBeLessThanOrEqual(limit);
    }
  }
});
