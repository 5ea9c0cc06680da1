// `npm run bench` (insights): runs collector/bench/insightsCost.run.ts inside workerd (the collector's test
// pool, with the real Worker and Durable Objects) and prints its figures: the insights read time on 1,000 and
// 100,000 leads as a ratio, and the rows written per beacon and per conversion. See docs/performance.md.
import { spawnSync } from 'node:child_process';

const only = process.argv[2]; // a test name filter, e.g. "rows written"
const run = spawnSync(process.execPath, ['node_modules/vitest/vitest.mjs', 'run', 'collector/bench/insightsCost.run.ts', '--config', 'collector/bench/vitest.config.ts', '--reporter=dot', ...(only ? ['-t', only] : [])], {
  encoding: 'utf8',
  env: { ...process.env, WRANGLER_SEND_METRICS: 'false', CLOUDFLARE_CF_FETCH_ENABLED: 'false', NO_COLOR: '1', FORCE_COLOR: '0' },
  maxBuffer: 64 * 1024 * 1024,
});
// eslint-disable-next-line no-control-regex
const plain = `${run.stdout}\n${run.stderr}`.replace(/\x1b\[[0-9;]*m/g, '');
const lines = plain.split('\n').filter((l) => l.startsWith('BENCH '));
for (const l of lines) console.log(l.slice(6));
if (run.status !== 0 || !lines.length) {
  // The failure itself, not the teardown noise after it.
  const failed = plain.split('\n').filter((l) => /FAIL|Error:|✗|×|expected|at .*insightsCost/.test(l) && !/EnvironmentTeardownError|Closing rpc/.test(l));
  console.error(failed.slice(0, 40).join('\n') || plain.slice(-4000));
  process.exit(1);
}
