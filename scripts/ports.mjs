// Ports on 127.0.0.1: one the OS reports free, whether a given one is free, and waiting until it is.
import { createServer } from 'node:net';
import { describeProcesses, hasProc, listenersOf } from './processTable.mjs';

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

/**
 * Whether a server could listen on 127.0.0.1:`port` now: resolves true or false, or rejects with the
 * listen error when it is not "in use" (a port that needs privileges, for one).
 */
export function isPortFree(port) {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', (err) => (err.code === 'EADDRINUSE' ? done(false) : fail(err)));
    server.listen({ port, host: '127.0.0.1', exclusive: true }, () => server.close(() => done(true)));
  });
}

/** The first port from `from` upwards that is free on 127.0.0.1. */
export async function nextFreePort(from) {
  for (let port = from; port < Math.min(from + 100, 65536); port++) if (await isPortFree(port)) return port;
  return freePort();
}

/** Who listens on `port`, for error messages: "pid 1234 workerd", or "another process". */
export function portHolder(port) {
  const holders = hasProc ? listenersOf(port) : [];
  return holders.length ? `pid ${describeProcesses(holders)}` : 'another process';
}

/** Waits until 127.0.0.1:`port` is free; rejects after `ms`, naming `what` and the process holding it. */
export async function waitPortFree(port, ms, what = `port ${port}`) {
  const deadline = Date.now() + ms;
  while (!(await isPortFree(port))) {
    if (Date.now() > deadline) throw new Error(`${what}: 127.0.0.1:${port} still in use after ${ms / 1000} s, by ${portHolder(port)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
