// Helpers shared by the collector's workerd tests.
import { env, SELF } from 'cloudflare:test';
import { identifySecret, identifySignature } from '../src/lead/identifyProof';
import { getSiteConfig } from '../src/site/siteConfig';
import { explainVisitor } from './sites';

/** The collector's own origin in tests. */
export const ORIGIN = 'http://127.0.0.1:8787';

/** A fresh visitor id. */
export const newVisitor = () => 'v' + crypto.randomUUID().replace(/-/g, '');
/** A fresh event id. */
export const newEventId = () => 'e' + crypto.randomUUID().replace(/-/g, '');

/** POSTs a JSON body to /v1/collect as the SDK does (text/plain). */
export function collect(body: unknown, headers: Record<string, string> = {}) {
  return SELF.fetch(`${ORIGIN}/v1/collect`, { method: 'POST', headers: { 'Content-Type': 'text/plain', ...headers }, body: typeof body === 'string' ? body : JSON.stringify(body) });
}

/** A pageview event. */
export const pageview = (path: string, ts = Date.now()) => ({ id: newEventId(), type: 'pageview', ts, path });
/** A custom event. */
export const customEvent = (name: string, ts = Date.now()) => ({ id: newEventId(), type: 'event', ts, name });
/** The demo rules' webinar sign-up (40 points). */
export const webinar = (ts = Date.now()) => customEvent('webinar_signup', ts);
/** A download event. */
export const download = (url = '/files/guide.pdf', ts = Date.now()) => ({ id: newEventId(), type: 'download', ts, url });
/** An identify event as a site that does not ask for the proof takes it (signedIdentify() for one that does). */
export const identify = (lead: string, traits?: Record<string, string | number>, ts = Date.now()) => ({ id: newEventId(), type: 'identify', ts, lead, ...(traits ? { traits } : {}) });

/** Sends a beacon of `events` (given one by one or as arrays), expects 200 and returns the reply. */
export async function send<T = { score: number; band: string }>(site: string, visitor: string, ...events: (object | object[])[]): Promise<T> {
  const res = await collect({ site, visitor, events: events.flat() });
  if (res.status !== 200) throw new Error(`POST /v1/collect answered ${res.status}: ${await res.text()}`);
  return res.json() as Promise<T>;
}

/** The stored history and explanation of a visitor's own object (null when it holds nothing). */
export const visitorObject = explainVisitor;

/** `GET /v1/score` for a visitor. */
export async function readScore(site: string, visitor: string) {
  const res = await SELF.fetch(`${ORIGIN}/v1/score?site=${site}&visitor=${visitor}`);
  return res.json() as Promise<{ score: number; band: string }>;
}

/** An identify event signed as the site's own server signs it (issue 11), with the site's identify secret. */
export async function signedIdentify(site: string, lead: string, traits?: Record<string, string>) {
  const config = await getSiteConfig(env, site, true);
  const secret = config && (await identifySecret(env, site, config.config));
  if (!secret) throw new Error(`site ${site} has no identify secret`);
  return { id: newEventId(), type: 'identify', ts: Date.now(), lead, ...(traits ? { traits } : {}), sig: await identifySignature(secret, lead) };
}
