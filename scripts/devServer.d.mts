// Types of scripts/devServer.mjs for the TypeScript end-to-end tests.

/** A running Worker under `wrangler dev`. */
export interface RunningWorker {
  origin: string;
  persistTo: string;
  /**
   * The process group of the current launch (the pid of its leader): every process of the server is in
   * it. Undefined while stopped.
   */
  pid(): number | undefined;
  /** Stops every process of the server; resolves once they are gone, the ports free and the state released. */
  stop(): Promise<void>;
  /** Stops it as `stop()` does and starts it again on the same port and state (a server restart). */
  restart(): Promise<void>;
}

/** A port the OS reports free on 127.0.0.1. */
export function freePort(): Promise<number>;

/**
 * Starts `wrangler dev` on a free port with its own state and local secrets. `demo: false` leaves out the demo
 * site and its server side (scripts/demoSite.mjs), served by default. `onOutput`
 * sees what the server prints (its log, warnings and errors), as it comes.
 */
export function startWorker(opts?: { vars?: Record<string, string>; persistTo?: string; cwd?: string; args?: string[]; demo?: boolean; onOutput?: (text: string) => void }): Promise<RunningWorker>;
