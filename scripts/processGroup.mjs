// Runs a command as a process group of its own, led by scripts/groupGuard.mjs, and stops the whole group.
// Why a group: `wrangler dev` is a Node process that starts another Node process, esbuild and two workerd
// processes; a signal to the first alone left workerd running, holding its port and state (issue 9).
// Why a guard: if the process that started the group dies without stopping it (SIGKILL, a test runner
// tearing down its workers), the guard sees its stdin close and stops the group itself.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describeProcesses, groupMembers, hasProc } from './processTable.mjs';

const GUARD = fileURLToPath(new URL('./groupGuard.mjs', import.meta.url));
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Groups started by this process and not yet seen gone: killed outright if this process exits first. */
const running = new Set();
process.on('exit', () => {
  for (const pgid of running) signalGroup(pgid, 'SIGKILL');
});

/** Sends `signal` to every process of group `pgid`; false when the group has no process left. */
export function signalGroup(pgid, signal) {
  try {
    process.kill(-pgid, signal);
    return true;
  } catch (err) {
    if (err.code === 'ESRCH') return false;
    throw err;
  }
}

/** The live processes of group `pgid` (where /proc is missing: one stand-in entry while any is left). */
function membersOf(pgid) {
  if (hasProc) return groupMembers(pgid);
  return signalGroup(pgid, 0) ? [{ pid: pgid, ppid: 0, pgid, start: 0, name: 'process group' }] : [];
}

/**
 * @typedef {object} ProcessGroup
 * @property {number} pgid The group's id: the pid of its leader, the guard.
 * @property {import('node:child_process').ChildProcess} guard The guard process (its stdout and stderr
 *   carry the command's when `stdio` is 'pipe').
 * @property {() => boolean} exited Whether the guard has exited (by code or by signal); it exits once the
 *   command has and the rest of the group is gone.
 * @property {() => import('./processTable.mjs').ProcessInfo[]} members The live processes of the group.
 * @property {(opts?: { graceMs?: number, timeoutMs?: number }) => Promise<void>} stop SIGTERM to the whole
 *   group, SIGKILL to what is left after `graceMs`; resolves once no process of the group is alive.
 */

/**
 * Starts `command args` in a new process group under a guard. `stdio` 'pipe' gives the command's output
 * on `guard.stdout`/`guard.stderr`, 'inherit' shares this process's. `removeWhenOrphaned`: a folder the
 * guard deletes if it has to stop the group because this process died.
 * @returns {ProcessGroup}
 */
export function spawnGroup(command, args, { cwd, env, stdio = 'pipe', removeWhenOrphaned } = {}) {
  const guardArgs = [GUARD, ...(removeWhenOrphaned ? ['--remove-when-orphaned', removeWhenOrphaned] : []), '--', command, ...args];
  const guard = spawn(process.execPath, guardArgs, { cwd, env, detached: true, stdio: ['pipe', stdio, stdio] });
  const pgid = guard.pid;
  running.add(pgid);
  guard.stdin.on('error', () => {}); // the guard gone: nothing more to tell it
  let exited = false;
  // 'exit' fires for an exit by signal too, where exitCode stays null and only signalCode is set.
  // The guard exits only once the rest of its group is gone.
  const onExit = () => {
    exited = true;
    running.delete(pgid);
  };
  guard.once('exit', onExit);
  guard.once('error', onExit);
  const members = () => membersOf(pgid);

  let stopping;
  const stop = ({ graceMs = 5_000, timeoutMs = 30_000 } = {}) =>
    (stopping ??= (async () => {
      const started = Date.now();
      signalGroup(pgid, 'SIGTERM');
      let killed = false;
      // Polls this group's id (fixed above), so a later group is never the one killed here.
      while (members().length || !exited) {
        const waited = Date.now() - started;
        if (!killed && waited >= graceMs) {
          signalGroup(pgid, 'SIGKILL');
          killed = true;
        }
        if (waited > timeoutMs) throw new Error(`process group ${pgid} (${command} ${args[0] ?? ''}) still has ${describeProcesses(members()) || 'its guard'} ${timeoutMs / 1000} s after SIGTERM`);
        await sleep(50);
      }
      running.delete(pgid);
    })());

  return { pgid, guard, exited: () => exited, members, stop };
}
