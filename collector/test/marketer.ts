// Helpers of the marketer API's workerd tests: authenticated calls, fresh sites, and leads made through
// the public collect route.
import { SELF } from 'cloudflare:test';
import { collect, newEventId, newVisitor, ORIGIN } from './helpers';

/** The token vitest.config.ts gives the Worker. */
export const TOKEN = 'test-token';
/** `Authorization` with the right token. */
export const AUTH = { Authorization: `Bearer ${TOKEN}` };

/** A marketer API call with the token. */
export function api(path: string, init: RequestInit = {}) {
  return SELF.fetch(`${ORIGIN}${path}`, { ...init, headers: { ...AUTH, ...(init.headers as Record<string, string> | undefined) } });
}

/** The rules of these tests: each event named `pN` adds N points; `careers` pageviews take 15 off. */
export function testConfig(extra: Record<string, unknown> = {}) {
  return {
    origins: [],
    rules: [
      { id: 'p1', when: { type: 'event', name: 'p1' }, points: 1 },
      { id: 'p10', when: { type: 'event', name: 'p10' }, points: 10, max: 60 },
      { id: 'p50', when: { type: 'event', name: 'p50' }, points: 50 },
      { id: 'pricing', when: { type: 'pageview', path: '/pricing*' }, points: 7, max: 21 },
      { id: 'careers', when: { type: 'pageview', path: '/careers*' }, points: -15, max: 30 },
    ],
    bands: { warm: 40, hot: 80 },
    // Signed identify and custom-event caps have tests of their own (test/sites.ts).
    identify: { signed: false },
    limits: { customEventsPerVisit: 10_000, customEventsPerDay: 100_000 },
    ...extra,
  };
}

/** Creates a fresh site with `testConfig()`; returns its name. */
export async function newSite(extra: Record<string, unknown> = {}): Promise<string> {
  const site = `t-${crypto.randomUUID().slice(0, 8)}`;
  const res = await api(`/v1/sites/${site}/config`, { method: 'PUT', body: JSON.stringify(testConfig(extra)) });
  if (res.status !== 201) throw new Error(`PUT config: ${res.status} ${await res.text()}`);
  return site;
}

/** Events named `p10` × n etc. */
export const named = (name: string, n = 1, ts = Date.now()) => Array.from({ length: n }, () => ({ id: newEventId(), type: 'event', ts, name }));

/** A visitor whose events (by name) add up to `score` points with testConfig: tens, then ones. */
export async function leadWithScore(site: string, score: number, visitor = newVisitor()): Promise<string> {
  const events = [...named('p50', Math.floor(score / 50)), ...named('p10', Math.floor((score % 50) / 10)), ...named('p1', score % 10)];
  const res = await collect({ site, visitor, events: events.length ? events : [{ id: newEventId(), type: 'visit', ts: Date.now() }] });
  if (res.status !== 200) throw new Error(`collect: ${res.status} ${await res.text()}`);
  const reply = (await res.json()) as { score: number };
  if (reply.score !== score) throw new Error(`expected score ${score}, got ${reply.score}`);
  return visitor;
}

/** The JSON reply of an authenticated GET (typed loosely: tests assert on its shape). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function getJson(path: string): Promise<any> {
  return (await api(path)).json();
}
