// scripts/devServer.mjs stops what it starts (issue 9): after stop() and after restart() no process of the
// old server is left, its ports are free and its temporary state is gone; restarts in a row keep the newest
// server; a server that died on its own is noticed at once; and a server outlives neither the process that
// started it nor that process's exit.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { expect, it } from 'vitest';
import { isPortFree } from '../scripts/ports.mjs';
import { descendants, groupMembers, listenersOf, processes, stillRunning, withEnv, type ProcessInfo } from '../scripts/processTable.mjs';
import { request } from './request';
import { startWorker } from './startWorker';
import { step, until } from './step';
import { SERVER_START_MS, SERVER_STOP_MS } from './waits';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const names = (list: ProcessInfo[]) => list.map((p) => p.name);
const pids = (list: ProcessInfo[]) => list.map((p) => p.pid).sort((a, b) => a - b);

/** Every process of a server: its group's leader and all below it, each of which must be in the group. */
function treeOf(pgid: number): ProcessInfo[] {
  const all = processes();
  const tree = descendants(pgid, all);
  expect(pids(tree)).toEqual(pids(groupMembers(pgid, all)));
  return tree;
}

/** Processes of this run's servers (scripts/devServer.mjs marks them; e2e/globalSetup.ts names the run). */
const serversOfThisRun = () => withEnv('LEADPULSE_DEV_SERVER', process.env.LEADPULSE_DEV_RUN!);

it('leaves no process of the old server after restart() and stop(), frees its ports and removes its state', async () => {
  const worker = await step('starting wrangler dev', startWorker(), SERVER_START_MS);
  const port = Number(new URL(worker.origin).port);
  const first = treeOf(worker.pid()!);
  expect(names(first)).toEqual(expect.arrayContaining(['node', 'workerd']));
  // The process answering on the port is one of this server's.
  expect(listenersOf(port, first)).not.toEqual([]);

  await step('restarting wrangler dev', worker.restart(), SERVER_STOP_MS + SERVER_START_MS);
  expect(stillRunning(first)).toEqual([]);
  const second = treeOf(worker.pid()!);
  expect(second.filter((p) => first.some((f) => f.pid === p.pid && f.start === p.start))).toEqual([]);
  expect(listenersOf(port, second)).not.toEqual([]);
  expect((await request(`${worker.origin}/healthz`)).status).toBe(200);
  expect(existsSync(worker.persistTo)).toBe(true);

  // Two restarts in a row, then past the stop's grace period (5 s) after each: a late SIGKILL meant for an
  // old server must not reach the newest one.
  await step('restarting wrangler dev', worker.restart(), SERVER_STOP_MS + SERVER_START_MS);
  const lastRestart = Date.now();
  await step('restarting wrangler dev again at once', worker.restart(), SERVER_STOP_MS + SERVER_START_MS);
  const newest = treeOf(worker.pid()!);
  await sleep(Math.max(0, lastRestart + 6_000 - Date.now()));
  expect(stillRunning(newest)).toEqual(newest);
  expect((await request(`${worker.origin}/healthz`)).status).toBe(200);

  await step('stopping wrangler dev', worker.stop(), SERVER_STOP_MS);
  expect(stillRunning(newest)).toEqual([]);
  expect(await isPortFree(port)).toBe(true);
  expect(existsSync(worker.persistTo)).toBe(false);
  expect(serversOfThisRun()).toEqual([]);
}, 4 * (SERVER_STOP_MS + SERVER_START_MS));

it('notices a server that died on its own: stop() returns, and a start that fails says why at once', async () => {
  const worker = await step('starting wrangler dev', startWorker(), SERVER_START_MS);
  const tree = treeOf(worker.pid()!);
  // Killed from outside, every process by signal (none exits with a code).
  process.kill(-worker.pid()!, 'SIGKILL');
  await step('stop() of a server killed from outside', worker.stop(), 15_000);
  expect(stillRunning(tree)).toEqual([]);

  // No Worker to run there: wrangler exits with an error, which the start reports instead of waiting 90 s.
  const empty = mkdtempSync(join(tmpdir(), 'leadpulse-no-worker-'));
  try {
    const failed = step('a start where there is no Worker', startWorker({ cwd: empty }), 60_000);
    await expect(failed).rejects.toThrow(/^wrangler dev exited before answering GET http:\/\/127\.0\.0\.1:\d+\/healthz:\n/);
  } finally {
    rmSync(empty, { recursive: true, force: true });
  }
  expect(serversOfThisRun()).toEqual([]);
}, SERVER_START_MS + 2 * SERVER_STOP_MS);

/** In another Node process: starts a server, prints what it is, then waits (to be killed) or exits when told. */
const STARTER = (then: 'wait' | 'exit') => `
const { startWorker } = await import(${JSON.stringify(pathToFileURL(resolve('scripts/devServer.mjs')).href)});
const worker = await startWorker();
console.log(JSON.stringify({ pgid: worker.pid(), origin: worker.origin, persistTo: worker.persistTo }));
${then === 'exit' ? "process.stdin.once('data', () => process.exit(0)); // without stop()" : 'setInterval(() => {}, 1 << 30);'}
`;

it.each([
  ['is killed (SIGKILL)', 'wait'],
  ['exits without stopping it', 'exit'],
] as const)('stops the server and removes its state when the process that started it %s', async (_, then) => {
  const starter = spawn(process.execPath, ['--input-type=module', '-e', STARTER(then)], { stdio: ['pipe', 'pipe', 'inherit'] });
  const line = await step(
    'a server started by another process',
    new Promise<string>((done, fail) => {
      let out = '';
      starter.stdout.on('data', (d) => {
        out += d;
        if (out.includes('\n')) done(out.split('\n')[0]!);
      });
      starter.once('exit', (code) => !out.includes('\n') && fail(new Error(`the starter exited with ${code} before its server was up`)));
    }),
    SERVER_START_MS,
  );
  const server = JSON.parse(line) as { pgid: number; origin: string; persistTo: string };
  const tree = descendants(server.pgid);
  expect(names(tree)).toContain('workerd');
  if (then === 'wait') starter.kill('SIGKILL');
  else starter.stdin.write('exit\n');

  await until('every process of the orphaned server gone and its state removed', () => !stillRunning(tree).length && !existsSync(server.persistTo), SERVER_STOP_MS);
  expect(await isPortFree(Number(new URL(server.origin).port))).toBe(true);
  expect(serversOfThisRun()).toEqual([]);
}, SERVER_START_MS + SERVER_STOP_MS);
