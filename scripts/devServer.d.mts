// Types of scripts/devServer.mjs for the TypeScript end-to-end tests.

/** A running Worker under `wrangler dev`. */
export interface RunningWorker {
  origin: string;
  persistTo: string;
  /** The pid of the `wrangler dev` process. */
  pid(): number | undefined;
  stop(): Promise<void>;
  /** Stops it and starts it again on the same port and state (a server restart). */
  restart(): Promise<void>;
}

/** A port the OS reports free on 127.0.0.1. */
export function freePort(): Promise<number>;

/** Starts `wrangler dev` on a free port with its own state and local secrets. */
export function startWorker(opts?: { vars?: Record<string, string>; persistTo?: string; cwd?: string; args?: string[] }): Promise<RunningWorker>;
