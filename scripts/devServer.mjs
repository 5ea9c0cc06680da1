// Starts the one Worker under `wrangler dev` (local mode) on a free 127.0.0.1 port, with its own state
// folder: the launcher of the end-to-end tests and the benchmarks. It stops the whole process tree it
// started, and a restart answers only once the new server does.
import { existsSync, mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DEMO_ARGS } from './demoSite.mjs';
import { freePort, waitPortFree } from './ports.mjs';
import { signalGroup, spawnGroup } from './processGroup.mjs';
import { describeProcesses, hasProc, holdersOf, listenersOf } from './processTable.mjs';

export { freePort } from './ports.mjs';

const WRANGLER = resolve('node_modules/wrangler/bin/wrangler.js');
const START_MS = 90_000;
/** How long the ports and the state folder may stay held once every process of the server is gone. */
const RELEASE_MS = 10_000;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * Marks every process of the servers this process starts (in their environment), so that a test run can
 * find any that outlived it: e2e/globalSetup.ts sets LEADPULSE_DEV_RUN.
 */
const RUN = process.env.LEADPULSE_DEV_RUN || `pid-${process.pid}`;

/** Servers started here and not stopped: on exit, their groups are killed and temporary state removed. */
const running = new Set();
process.on('exit', () => {
  for (const s of running) {
    if (s.group) signalGroup(s.group.pgid, 'SIGKILL');
    if (s.temporary) rmSync(s.persistTo, { recursive: true, force: true, maxRetries: 3 });
  }
});

/**
 * Waits until GET /healthz answers on `port` and proves it is this launch that answers: the socket
 * listening on the port belongs to a process of `group` (the port was free before the launch, too).
 */
async function waitUntilUp(port, group, log) {
  const origin = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + START_MS;
  while (Date.now() < deadline) {
    if (group.exited()) throw new Error(`wrangler dev exited before answering GET ${origin}/healthz:\n${log()}`);
    const ok = await fetch(`${origin}/healthz`, { signal: AbortSignal.timeout(5_000) }).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) {
      if (!hasProc) return;
      const members = group.members();
      if (listenersOf(port, members).length) return;
      if (!group.exited()) throw new Error(`GET ${origin}/healthz answered, but no process of this wrangler dev (${describeProcesses(members)}) listens on ${port}; ${describeProcesses(listenersOf(port)) || 'another process'} does`);
    }
    await sleep(250);
  }
  throw new Error(`wrangler dev did not answer GET ${origin}/healthz within ${START_MS / 1000} s:\n${log()}`);
}

/**
 * Starts `wrangler dev` with local secrets of its own and WEBHOOK_ALLOW_LOCAL=true (`vars` add to or
 * override them) and a state folder (`persistTo`, else a temporary one removed on stop). `cwd` runs it from
 * another copy of the Worker, or another Worker; `args` adds options of `wrangler dev` (e.g. `--local-upstream`);
 * `onOutput` sees what the server prints (its log, warnings and errors), as it comes.
 * `demo: false` leaves out the demo site (scripts/demoSite.mjs), for another Worker or a production-like run.
 */
export async function startWorker(opts = {}) {
  const port = await freePort();
  const temporary = !opts.persistTo;
  const persistTo = opts.persistTo ?? mkdtempSync(join(tmpdir(), 'leadpulse-dev-'));
  const origin = `http://127.0.0.1:${port}`;
  /** This server: its state, and the group and inspector port of the current launch. */
  const server = { persistTo, temporary, group: null, inspector: 0 };
  running.add(server);

  const launch = async () => {
    // Free before the launch, so whoever listens once it answers was started by it.
    await waitPortFree(port, RELEASE_MS, `starting wrangler dev on ${origin}`);
    const inspector = await freePort();
    // WEBHOOK_ALLOW_LOCAL: the tests' webhook receivers listen on 127.0.0.1 over plain http.
    const vars = Object.entries({ API_TOKEN: 'e2e-token', HASH_KEY: 'e2e-hash-key', WEBHOOK_ALLOW_LOCAL: 'true', ...opts.vars }).flatMap(([k, v]) => ['--var', `${k}:${v}`]);
    const args = [WRANGLER, 'dev', '--ip', '127.0.0.1', '--port', String(port), '--inspector-port', String(inspector), '--persist-to', persistTo, '--show-interactive-dev-session=false', '--log-level', 'warn', ...vars, ...(opts.demo === false ? [] : DEMO_ARGS), ...(opts.args ?? [])];
    const env = { ...process.env, WRANGLER_SEND_METRICS: 'false', CLOUDFLARE_CF_FETCH_ENABLED: 'false', CI: 'true', LEADPULSE_DEV_SERVER: RUN };
    const group = spawnGroup(process.execPath, args, { cwd: opts.cwd, env, removeWhenOrphaned: temporary ? persistTo : undefined });
    let output = '';
    group.guard.stdout.on('data', (d) => ((output += d), opts.onOutput?.(String(d))));
    group.guard.stderr.on('data', (d) => ((output += d), opts.onOutput?.(String(d))));
    Object.assign(server, { group, inspector });
    try {
      await waitUntilUp(port, group, () => output);
    } catch (err) {
      await halt().catch(() => {});
      throw err;
    }
  };

  /** Stops the current launch: every process of its group gone, its ports free, its state released. */
  const halt = async () => {
    const { group, inspector } = server;
    if (!group) return;
    await group.stop();
    server.group = null;
    await waitPortFree(port, RELEASE_MS, `stopping wrangler dev on ${origin}`);
    await waitPortFree(inspector, RELEASE_MS, `stopping wrangler dev's inspector`);
    if (hasProc && existsSync(persistTo)) {
      const dir = realpathSync(persistTo);
      for (const deadline = Date.now() + RELEASE_MS; holdersOf(dir).length; await sleep(100)) {
        if (Date.now() > deadline) throw new Error(`stopping wrangler dev: ${describeProcesses(holdersOf(dir))} still hold files in ${dir}`);
      }
    }
  };

  try {
    await launch();
  } catch (err) {
    running.delete(server);
    if (temporary) rmSync(persistTo, { recursive: true, force: true });
    throw err;
  }
  return {
    origin,
    persistTo,
    pid: () => server.group?.pgid,
    restart: async () => {
      await halt();
      await launch();
    },
    stop: async () => {
      await halt();
      running.delete(server);
      if (temporary) rmSync(persistTo, { recursive: true, force: true });
    },
  };
}
