// Starts the one Worker under `wrangler dev` (local mode) on a free 127.0.0.1 port, with its own state
// folder: the launcher of the end-to-end tests and the benchmarks.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const WRANGLER = resolve('node_modules/wrangler/bin/wrangler.js');

/** A port the OS reports free on 127.0.0.1. */
export function freePort() {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => done(port));
    });
  });
}

async function waitUntilUp(origin, child, log) {
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`wrangler dev exited with ${child.exitCode}:\n${log()}`);
    try {
      if ((await fetch(`${origin}/healthz`)).ok) return;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`wrangler dev did not start within 90 s:\n${log()}`);
}

/**
 * Starts `wrangler dev` with local secrets of its own and WEBHOOK_ALLOW_LOCAL=true (`vars` add to or
 * override them) and a state folder (`persistTo`, else a temporary one removed on stop). `cwd` runs it from
 * another copy of the Worker, or another Worker; `args` adds options of `wrangler dev` (e.g. `--local-upstream`).
 */
export async function startWorker(opts = {}) {
  const port = await freePort();
  const persistTo = opts.persistTo ?? mkdtempSync(join(tmpdir(), 'leadpulse-dev-'));
  const origin = `http://127.0.0.1:${port}`;
  let child;
  let output = '';

  const launch = async () => {
    const inspector = await freePort();
    // WEBHOOK_ALLOW_LOCAL: the tests' webhook receivers listen on 127.0.0.1 over plain http.
    const vars = Object.entries({ API_TOKEN: 'e2e-token', HASH_KEY: 'e2e-hash-key', WEBHOOK_ALLOW_LOCAL: 'true', ...opts.vars }).flatMap(([k, v]) => ['--var', `${k}:${v}`]);
    child = spawn(
      process.execPath,
      [WRANGLER, 'dev', '--ip', '127.0.0.1', '--port', String(port), '--inspector-port', String(inspector), '--persist-to', persistTo, '--show-interactive-dev-session=false', '--log-level', 'warn', ...vars, ...(opts.args ?? [])],
      { cwd: opts.cwd, env: { ...process.env, WRANGLER_SEND_METRICS: 'false', CLOUDFLARE_CF_FETCH_ENABLED: 'false', CI: 'true' }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    await waitUntilUp(origin, child, () => output);
  };

  const kill = () =>
    new Promise((done) => {
      if (child.exitCode !== null) return done();
      child.once('exit', () => done());
      child.kill('SIGTERM');
      setTimeout(() => child.kill('SIGKILL'), 5_000).unref();
    });

  await launch();
  return {
    origin,
    persistTo,
    pid: () => child.pid,
    restart: async () => {
      await kill();
      await launch();
    },
    stop: async () => {
      await kill();
      if (!opts.persistTo) rmSync(persistTo, { recursive: true, force: true });
    },
  };
}
