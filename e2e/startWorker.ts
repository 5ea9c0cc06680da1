// Starts the one Worker under `wrangler dev` (local mode) on a free 127.0.0.1 port for end-to-end tests.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A running Worker. */
export interface RunningWorker {
  origin: string;
  persistTo: string;
  stop(): Promise<void>;
  /** Stops it and starts it again on the same port and state (a server restart). */
  restart(): Promise<void>;
}

/** A port the OS reports free on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function waitUntilUp(origin: string, child: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`wrangler dev exited with ${child.exitCode}:\n${log()}`);
    try {
      const res = await fetch(`${origin}/healthz`);
      if (res.ok) return;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`wrangler dev did not start within 90 s:\n${log()}`);
}

/** Starts `wrangler dev` with its own state folder (removed on stop) and extra `--var`s. */
export async function startWorker(opts: { vars?: Record<string, string>; persistTo?: string } = {}): Promise<RunningWorker> {
  const port = await freePort();
  const persistTo = opts.persistTo ?? mkdtempSync(join(tmpdir(), 'leadpulse-e2e-'));
  const origin = `http://127.0.0.1:${port}`;
  let child: ChildProcess;
  let output = '';

  const launch = async () => {
    const inspector = await freePort();
    const vars = Object.entries({ API_TOKEN: 'e2e-token', HASH_KEY: 'e2e-hash-key', ...opts.vars }).flatMap(([k, v]) => ['--var', `${k}:${v}`]);
    child = spawn(
      process.execPath,
      ['node_modules/wrangler/bin/wrangler.js', 'dev', '--ip', '127.0.0.1', '--port', String(port), '--inspector-port', String(inspector), '--persist-to', persistTo, '--show-interactive-dev-session=false', '--log-level', 'warn', ...vars],
      { env: { ...process.env, WRANGLER_SEND_METRICS: 'false', CLOUDFLARE_CF_FETCH_ENABLED: 'false', CI: 'true' }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    output = '';
    child.stdout!.on('data', (d) => (output += d));
    child.stderr!.on('data', (d) => (output += d));
    await waitUntilUp(origin, child, () => output);
  };

  const kill = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
      setTimeout(() => child.kill('SIGKILL'), 5_000).unref();
    });

  await launch();
  return {
    origin,
    persistTo,
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
