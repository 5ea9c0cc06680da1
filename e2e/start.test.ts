// `npm start` (scripts/start.mjs): the port from `--port N` or PORT, one clear line for a busy or invalid
// port, and Ctrl-C (SIGINT) or SIGTERM stopping every process it started. Run from a scratch copy of the
// project (links to its sources and packages), so the checkout's .dev.vars and .wrangler/state stay as
// they are.
import { spawn } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, isPortFree } from '../scripts/ports.mjs';
import { descendants, listenersOf, stillRunning } from '../scripts/processTable.mjs';
import { request } from './request';
import { step, until } from './step';
import { SERVER_START_MS, SERVER_STOP_MS } from './waits';

const START = resolve('scripts/start.mjs');
let project: string;
let busy: Server;
let busyPort: number;

beforeAll(async () => {
  project = mkdtempSync(join(tmpdir(), 'leadpulse-start-'));
  for (const f of ['collector', 'demo-site', 'node_modules', 'scripts']) symlinkSync(resolve(f), join(project, f));
  for (const f of ['wrangler.toml', 'package.json', 'tsconfig.json']) copyFileSync(f, join(project, f));
  busy = createServer();
  await new Promise<void>((done) => busy.listen(0, '127.0.0.1', done));
  busyPort = (busy.address() as { port: number }).port;
});
afterAll(async () => {
  await new Promise((done) => busy?.close(done));
  if (project) rmSync(project, { recursive: true, force: true });
});

/** Runs scripts/start.mjs with `args` and extra `env` in the scratch project; `done` resolves at its exit. */
function start(args: string[], env: Record<string, string> = {}) {
  const child = spawn(process.execPath, [START, ...args], { cwd: project, env: { ...process.env, PORT: '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const out = { stdout: '', stderr: '' };
  child.stdout!.on('data', (d) => (out.stdout += d));
  child.stderr!.on('data', (d) => (out.stderr += d));
  const done = new Promise<{ code: number | null; signal: string | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  return { child, out, done };
}

describe('the port', () => {
  it('in use, from --port or PORT: one line naming it and a free port to try, no stack trace', async () => {
    for (const [args, env] of [[['--port', String(busyPort)], {}], [[], { PORT: String(busyPort) }], [[`--port=${busyPort}`], { PORT: '8' }]] as const) {
      const run = start([...args], env);
      expect(await step(`npm start ${args.join(' ')} with a busy port`, run.done)).toEqual({ code: 1, signal: null });
      expect(run.out.stdout).toBe('');
      const line = new RegExp(`^port ${busyPort} is in use; try npm start -- --port (\\d+)\\n$`).exec(run.out.stderr);
      expect(line, run.out.stderr).not.toBeNull();
      expect(await isPortFree(Number(line![1]))).toBe(true);
    }
  });

  it('invalid, or an unknown option: one line saying what to give', async () => {
    const cases: [string[], Record<string, string>, RegExp][] = [
      [['--port', 'abc'], {}, /^invalid port 'abc': give a whole number from 1 to 65535, e\.g\. npm start -- --port 8788\n$/],
      [[], { PORT: '70000' }, /^invalid port '70000': /],
      [['--port'], {}, /^invalid port '': /],
      [['--verbose'], {}, /^unknown option --verbose: npm start takes only --port N/],
    ];
    for (const [args, env, message] of cases) {
      const run = start(args, env);
      expect(await step(`npm start ${args.join(' ')}`, run.done)).toEqual({ code: 1, signal: null });
      expect(run.out.stderr).toMatch(message);
      expect(run.out.stderr.trim().split('\n')).toHaveLength(1);
    }
  });
});

/** Waits until the server of `run` answers GET /healthz on `port` (failing with its output if it exits). */
async function answering(run: ReturnType<typeof start>, port: number) {
  await until(
    `npm start answering GET http://127.0.0.1:${port}/healthz`,
    async () => {
      if (run.child.exitCode !== null || run.child.signalCode !== null) throw new Error(`npm start exited:\n${run.out.stdout}${run.out.stderr}`);
      return request(`http://127.0.0.1:${port}/healthz`, {}, 2_000).then(
        (r) => r.ok,
        () => false,
      );
    },
    SERVER_START_MS,
    250,
  );
}

it.each([
  ['--port N', 'SIGINT (Ctrl-C)'],
  ['PORT=N', 'SIGTERM'],
] as const)('serves on the port of %s, and %s stops wrangler and every workerd it started', async (how, stop) => {
  const port = await freePort();
  // With both given, the option wins: PORT names a busy port here.
  const run = how === '--port N' ? start(['--port', String(port)], { PORT: String(busyPort) }) : start([], { PORT: String(port) });
  await answering(run, port);
  expect(run.out.stdout).toContain(`dashboard at http://127.0.0.1:${port}/dashboard`);
  const tree = descendants(run.child.pid!);
  expect(tree.map((p) => p.name)).toContain('workerd');
  expect(listenersOf(port, tree)).not.toEqual([]);

  run.child.kill(stop === 'SIGTERM' ? 'SIGTERM' : 'SIGINT');
  expect(await step(`npm start exiting after ${stop}`, run.done, SERVER_STOP_MS)).toEqual({ code: 0, signal: null });
  expect(stillRunning(tree)).toEqual([]);
  expect(await isPortFree(port)).toBe(true);
}, SERVER_START_MS + SERVER_STOP_MS);
