// Leads the process group that scripts/processGroup.mjs starts: runs one command in it and stops every
// process of the group (SIGTERM, then SIGKILL after a grace period) when the command exits, when the group
// is signalled, or when the process that started it dies, even by SIGKILL (its end of our stdin closes).
// Usage: node groupGuard.mjs [--remove-when-orphaned DIR] -- COMMAND ARGS…
import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { groupMembers, hasProc } from './processTable.mjs';

const GRACE_MS = 5_000;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const argv = process.argv.slice(2);
let removeWhenOrphaned;
if (argv[0] === '--remove-when-orphaned') removeWhenOrphaned = argv.splice(0, 2)[1];
if (argv[0] === '--') argv.shift();
const [command, ...args] = argv;

let exitCode = 0;
let stopping = false;
const child = spawn(command, args, { stdio: ['ignore', 'inherit', 'inherit'] });
child.on('error', (err) => {
  console.error(`cannot start ${command}: ${err.message}`);
  exitCode = 127;
  stopGroup(false);
});
child.on('exit', (code, signal) => {
  exitCode = code ?? 128 + (signal === 'SIGKILL' ? 9 : 15);
  stopGroup(false);
});

/** The other live processes of this group (the command and whatever it started that stayed in the group). */
const others = () => (hasProc ? groupMembers(process.pid).filter((p) => p.pid !== process.pid) : child.exitCode === null && child.signalCode === null ? [child] : []);

async function stopGroup(orphaned) {
  if (stopping) return;
  stopping = true;
  try {
    process.kill(-process.pid, 'SIGTERM'); // this guard handles SIGTERM, so it stays to watch
  } catch {
    /* nobody left */
  }
  const deadline = Date.now() + GRACE_MS;
  while (others().length && Date.now() < deadline) await sleep(50);
  if (!hasProc) {
    if (others().length) process.kill(-process.pid, 'SIGKILL'); // ends this guard too
  } else {
    // SIGKILL the others one by one (not the group: this guard has a folder to remove after them).
    for (let tries = 0; others().length && tries < 100; tries++) {
      for (const p of others()) {
        try {
          process.kill(p.pid, 'SIGKILL');
        } catch {
          /* gone */
        }
      }
      await sleep(50);
    }
  }
  if (orphaned && removeWhenOrphaned) rmSync(removeWhenOrphaned, { recursive: true, force: true, maxRetries: 5 });
  process.exit(exitCode);
}

for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP']) process.on(signal, () => stopGroup(false));
// The parent holds the other end of stdin and never writes: its end closes only when it dies.
process.stdin.on('end', () => stopGroup(true));
process.stdin.on('error', () => stopGroup(true));
process.stdin.resume();
