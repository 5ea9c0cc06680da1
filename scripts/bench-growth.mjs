// `npm run bench` (growth): runs collector/bench/growth.run.ts inside workerd (the collector's test pool, with
// the real Worker and Durable Objects, METER=1) and prints its figures: the cost of a beacon against its
// lead's history (1 / 100 / 10,000 events) and merged visitors (1 / 200), and of the first page of the leads
// list against the site's leads (100 / 10,000 / 100,000), as ratios. See docs/performance.md.
import { spawnSync } from 'node:child_process';

const only = process.argv[2]; // a test name filter, e.g. "leads list"
const run = spawnSync(process.execPath, ['node_modules/vitest/vitest.mjs', 'run', 'collector/bench/growth.run.ts', '--config', 'collector/bench/vitest.config.ts', '--reporter=dot', ...(only ? ['-t', only] : [])], {
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
  const failed = plain.split('\n').filter((l) => /FAIL|Error:|✗|×|expected|at .*growth/.test(l) && !/EnvironmentTeardownError|Closing rpc/.test(l));
  console.error(failed.slice(0, 40).join('\n') || plain.slice(-4000));
  process.exit(1);
}
