// Global setup of the e2e project: marks every `wrangler dev` the tests start with this run's id
// (scripts/devServer.mjs puts LEADPULSE_DEV_RUN in their environment as LEADPULSE_DEV_SERVER) and, after
// the last test file, or when the run is interrupted, kills any still running and fails the run naming
// them: a test that forgets to stop its server, or a launcher that leaves workerd behind, shows up here.
import { randomUUID } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import { describeProcesses, hasProc, withEnv } from '../scripts/processTable.mjs';

/** Kills every process of this run's servers and removes their temporary state; returns those that were left. */
function killLeftovers(run: string) {
  const left = hasProc ? withEnv('LEADPULSE_DEV_SERVER', run) : [];
  for (const p of left) {
    // A guard names the temporary state folder it would have removed (scripts/groupGuard.mjs).
    let args: string[] = [];
    try {
      args = readFileSync(`/proc/${p.pid}/cmdline`, 'utf8').split('\0');
      process.kill(p.pid, 'SIGKILL');
    } catch {
      /* gone meanwhile */
    }
    const flag = args.indexOf('--remove-when-orphaned');
    if (flag > 0 && args[flag + 1]) rmSync(args[flag + 1]!, { recursive: true, force: true, maxRetries: 3 });
  }
  return left;
}

/** Names this run for the servers it starts; the returned teardown checks that none is left. */
export default function setup() {
  const run = `e2e-${randomUUID()}`;
  process.env.LEADPULSE_DEV_RUN = run;
  // Ctrl-C or SIGTERM on the run: each server's guard stops it once its test worker is gone; this is the
  // same, at once, from the process that outlives the workers.
  const onExit = () => killLeftovers(run);
  process.on('exit', onExit);
  return () => {
    process.off('exit', onExit);
    const left = killLeftovers(run);
    if (!left.length) return;
    // vitest reports an error thrown here but still exits 0: fail the run by its exit code as well.
    process.exitCode = 1;
    throw new Error(`processes of wrangler dev left running after the e2e tests (now killed): ${describeProcesses(left)}`);
  };
}
