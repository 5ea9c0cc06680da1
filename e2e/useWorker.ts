// The end-to-end tests' server: one `wrangler dev` per test file, started before its tests and stopped
// after them (scripts/devServer.mjs), each step bounded so a hang names itself.
import { afterAll, beforeAll } from 'vitest';
import { startWorker, type RunningWorker } from './startWorker';
import { step } from './step';
import { SERVER_START_MS, SERVER_STOP_MS } from './waits';

type Options = Parameters<typeof startWorker>[0];

/** The file's server, usable once its `beforeAll` has run. */
export interface TestServer {
  /** http://127.0.0.1:PORT */
  readonly origin: string;
  /** `origin` + `path`. */
  url(path: string): string;
  /** Stops every process of the server and starts it again on the same port and state. */
  restart(): Promise<void>;
}

/**
 * Starts a server for this test file (in `beforeAll`, so call this at the top level of the file, after
 * any hook the options depend on) and stops it after the file's tests. `opts` may be a function, read
 * when the server starts.
 */
export function useWorker(opts: Options | (() => Options) = {}): TestServer {
  let worker: RunningWorker | undefined;
  const running = () => {
    if (!worker) throw new Error('the test server is not running (useWorker: is this inside a test?)');
    return worker;
  };
  beforeAll(async () => {
    worker = await step('starting wrangler dev (the new server answering GET /healthz)', () => startWorker(typeof opts === 'function' ? opts() : opts), SERVER_START_MS);
  });
  afterAll(async () => {
    if (worker) await step('stopping wrangler dev (every process gone, ports and state released)', worker.stop(), SERVER_STOP_MS);
  });
  return {
    get origin() {
      return running().origin;
    },
    url: (path) => `${running().origin}${path}`,
    restart: () => step('restarting wrangler dev (the old server gone, the new one answering)', running().restart(), SERVER_STOP_MS + SERVER_START_MS),
  };
}
