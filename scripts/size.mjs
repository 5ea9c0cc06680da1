// `npm run size`: prints the minified, gzip and brotli sizes of the SDK's files (and, for reference, of the
// dashboard's); fails above a budget.
import { readFileSync, existsSync } from 'node:fs';
import { brotliCompressSync, gzipSync, constants } from 'node:zlib';

/** Budget of each file in bytes, brotli or raw (SPEC.md §3); sdk/src/size.test.ts gates them in the tests too. */
export const BUDGETS = JSON.parse(readFileSync(new URL('../sdk/size-budget.json', import.meta.url), 'utf8'));
/** The size we aim for (issue 3). */
const GOAL = 1300;
const FILES = ['sdk/dist/lp.js', 'sdk/dist/lp-vitals.js', 'sdk/dist/lp-models.js', 'sdk/dist/lp.mjs', 'sdk/dist/react.mjs', 'sdk/dist/server.mjs', 'sdk/dist/head-snippet.html', ...['app.js', 'app.css', 'index.html'].map((f) => `collector/dashboard/dist/${f}`)];

/** Minified, gzip (level 9) and brotli (quality 11) bytes of a file. */
export function sizes(file) {
  const raw = readFileSync(file);
  return {
    min: raw.length,
    gzip: gzipSync(raw, { level: 9 }).length,
    brotli: brotliCompressSync(raw, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  let failed = false;
  console.log('file                                 minified     gzip   brotli   budget');
  for (const file of FILES) {
    if (!existsSync(file)) continue;
    const s = sizes(file);
    const [kind, budget] = Object.entries(BUDGETS[file] ?? {})[0] ?? [];
    const measured = kind == 'raw' ? s.min : s.brotli;
    const over = budget !== undefined && measured > budget;
    failed ||= over;
    const verdict = over ? '  OVER BUDGET' : `  ok (${budget - measured} to spare${file == 'sdk/dist/lp.js' ? `; goal ${GOAL}` : ''})`;
    console.log(`${file.padEnd(36)} ${String(s.min).padStart(8)} ${String(s.gzip).padStart(8)} ${String(s.brotli).padStart(8)}   ${budget ? `${budget} ${kind}${verdict}` : '-'}`);
  }
  if (failed) process.exit(1);
}
