// Runs one bench file of collector/bench inside workerd (the collector's test pool: the real Worker and
// Durable Objects) and prints the lines it marks `BENCH `; on a failure, the failure itself, not the
// teardown noise after it, and exit code 1.
import { spawnSync } from 'node:child_process';

/** Runs `file` (a path under collector/bench), `only` a test name filter. */
export function runWorkerdBench(file, only) {
  const run = spawnSync(process.execPath, ['node_modules/vitest/vitest.mjs', 'run', file, '--config', 'collector/bench/vitest.config.ts', '--reporter=dot', ...(only ? ['-t', only] : [])], {
    encoding: 'utf8',
    env: { ...process.env, WRANGLER_SEND_METRICS: 'false', CLOUDFLARE_CF_FETCH_ENABLED: 'false', NO_COLOR: '1', FORCE_COLOR: '0' },
    maxBuffer: 64 * 1024 * 1024,
  });
  // eslint-disable-next-line no-control-regex
  const plain = `${run.stdout}\n${run.stderr}`.replace(/\x1b\[[0-9;]*m/g, '');
  const lines = plain.split('\n').filter((l) => l.startsWith('BENCH '));
  for (const l of lines) console.log(l.slice(6));
  if (run.status !== 0 || !lines.length) {
    const name = file.split('/').pop().replace(/\.run\.ts$/, '');
    const failed = plain.split('\n').filter((l) => (/FAIL|Error:|✗|×|expected/.test(l) || (/\bat /.test(l) && l.includes(name))) && !/EnvironmentTeardownError|Closing rpc/.test(l));
    console.error(failed.slice(0, 40).join('\n') || plain.slice(-4000));
    process.exit(1);
  }
}
