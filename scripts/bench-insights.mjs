// `npm run bench` (insights): runs collector/bench/insightsCost.run.ts inside workerd (the collector's test
// pool, with the real Worker and Durable Objects) and prints its figures: the insights read time on 1,000 and
// 100,000 leads as a ratio, and the rows written per beacon and per conversion. See docs/performance.md.
import { spawnSync } from 'node:child_process';

const run = spawnSync(process.execPath, ['node_modules/vitest/vitest.mjs', 'run', '--config', 'collector/bench/vitest.config.ts', '--reporter=dot'], {
  encoding: 'utf8',
  env: { ...process.env, WRANGLER_SEND_METRICS: 'false', CLOUDFLARE_CF_FETCH_ENABLED: 'false' },
  maxBuffer: 64 * 1024 * 1024,
});
const lines = `${run.stdout}\n${run.stderr}`.split('\n').filter((l) => l.startsWith('BENCH '));
for (const l of lines) console.log(l.slice(6));
if (run.status !== 0 || !lines.length) {
  console.error(run.stdout.slice(-4000), run.stderr.slice(-4000));
  process.exit(1);
}
