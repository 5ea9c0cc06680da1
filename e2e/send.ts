// The one way the end-to-end tests send beacons: POST /v1/collect as the SDK does.
import { request } from './request';

/** The collector's reply to a beacon. */
export interface Reply {
  score: number;
  band: string;
}

type Options = {
  /** The site (default 'demo'). */
  site?: string;
  /** For a server that may be restarting: resolve null when it does not answer 200, instead of failing. */
  orNull?: boolean;
};

/**
 * Sends `events` of `visitor` to the collector at `origin` (text/plain JSON, at most 50 events a beacon,
 * as the SDK sends them) and resolves to the reply to the last beacon. Fails naming the status and body
 * when a beacon is not answered 200, unless `orNull`.
 */
export function send(origin: string, visitor: string, events: object[], opts?: Options & { orNull?: false }): Promise<Reply>;
export function send(origin: string, visitor: string, events: object[], opts: Options & { orNull: true }): Promise<Reply | null>;
export async function send(origin: string, visitor: string, events: object[], { site = 'demo', orNull = false }: Options = {}): Promise<Reply | null> {
  let reply: Reply | null = null;
  for (let i = 0; i < events.length; i += 50) {
    const body = JSON.stringify({ site, visitor, events: events.slice(i, i + 50) });
    const res = await request(`${origin}/v1/collect`, { method: 'POST', headers: { 'Content-Type': 'text/plain' }, body }).catch((err) => {
      if (orNull) return null;
      throw err;
    });
    if (res?.status !== 200) {
      if (orNull) return null;
      throw new Error(`POST /v1/collect (site ${site}, visitor ${visitor}): ${res?.status} ${await res?.text()}`);
    }
    reply = (await res.json().catch((err) => {
      if (orNull) return null;
      throw err;
    })) as Reply | null;
    if (!reply) return null;
  }
  return reply;
}
