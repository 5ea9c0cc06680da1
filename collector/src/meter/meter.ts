// Counts, inside the runtime, the units Cloudflare bills — Worker requests, Durable Object calls and
// alarms, SQLite rows written, KV reads and writes — when the Worker runs with `METER=1` (the cost
// benchmark, scripts/bench-cost.mjs). Off by default: then nothing is wrapped and nothing is counted.
// The counters live in the isolate; locally the Worker and its Durable Objects share one.

/** Billed units counted so far, by kind and label (a route, a class and method, a table). */
export interface Meter {
  requests: Record<string, number>;
  objectCalls: Record<string, number>;
  alarms: Record<string, number>;
  rowsWritten: Record<string, number>;
  kvWrites: Record<string, number>;
  kvReads: Record<string, number>;
  /**
   * Calls received by each site-wide object (site, index and insights objects), by object name: what shows
   * that no one object of a site receives every beacon. Not a billed unit of its own (objectCalls has them).
   */
  callsPerObject: Record<string, number>;
}

const empty = (): Meter => ({ requests: {}, objectCalls: {}, alarms: {}, rowsWritten: {}, kvWrites: {}, kvReads: {}, callsPerObject: {} });

let counts = empty();

/** Whether metering is on for this Worker (`METER=1`). */
export function metering(env: { METER?: string }): boolean {
  return env.METER === '1';
}

/** Adds `n` units of `kind` under `label`. */
export function count(kind: keyof Meter, label: string, n = 1): void {
  if (n) counts[kind][label] = (counts[kind][label] ?? 0) + n;
}

/** The counts so far; `reset` starts them again from zero. */
export function readMeter(reset = false): Meter {
  const out = counts;
  if (reset) counts = empty();
  return out;
}
