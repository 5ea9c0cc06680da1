// Abuse limits (issue 11): request budgets per client address and per site (the rate-limiting binding,
// which miniflare simulates), the per-lead event budget (the lead object), caps on custom events, and the
// visitor they must never refuse. The client address is CF-Connecting-IP, sent explicitly here.
import { createExecutionContext, env, runDurableObjectAlarm, SELF, waitOnExecutionContext } from 'cloudflare:test';
import { app } from '../app';
import { describe, expect, it } from 'vitest';
import demoConfig from '../site/demoConfig.json';
import { visitorObjectName } from '../lead/leadName';
import { customEvent, identify, newEventId, newVisitor, ORIGIN, pageview, readScore } from '../../test/helpers';
import { api, getJson } from '../../test/marketer';
import { explainLead, explainVisitor, published, visitorStub } from '../../test/sites';
import { REQUEST_BUDGETS } from './abuseLimits';

const MINUTE = 60_000;
/**
 * `POST /v1/collect` through the app itself, as the Worker runs it. Not through SELF: the test pool (0.15.1)
 * wraps its entrypoint in one more proxy per request, and the thousands of requests here would overflow the
 * stack (cloudflare/workers-sdk#15092).
 */
async function post(body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  const ctx = createExecutionContext();
  const req = new Request(`${ORIGIN}/v1/collect`, { method: 'POST', headers: { 'Content-Type': 'text/plain', ...headers }, body: typeof body === 'string' ? body : JSON.stringify(body) });
  const res = await app.fetch(req, env, ctx);
  await waitOnExecutionContext(ctx);
  return res;
}
/** Tests that may wait for a minute to begin and send hundreds of requests. */
const SLOW = 90_000;
const DAY = 86_400_000;
/** Events a history stands for (folded aggregates count with their `count`). */
const total = (events: { count?: number }[]) => events.reduce((n, e) => n + (e.count ?? 1), 0);
/** Times in this UTC day, `ms` apart from `at(0)`, and none in the future. */
function clock() {
  const now = Date.now();
  const start = Math.max(Math.floor(now / DAY) * DAY, now - 10_000);
  return (ms: number) => start + ms;
}
/** A documentation address (RFC 3849) of its own for each test, so that budgets do not mix. */
const newAddress = () => `2001:db8::${crypto.randomUUID().slice(0, 4)}:${crypto.randomUUID().slice(0, 4)}`;
const visit = () => ({ id: newEventId(), type: 'visit', ts: Date.now() });

/** A site created by PUT with the demo rules and `extra`. */
async function newSite(extra: Record<string, unknown> = {}): Promise<string> {
  const site = `lim-${crypto.randomUUID().slice(0, 8)}`;
  const res = await api(`/v1/sites/${site}/config`, { method: 'PUT', body: JSON.stringify({ origins: [], rules: demoConfig.rules, bands: demoConfig.bands, ...extra }) });
  expect(res.status).toBe(201);
  return site;
}

/** Starts a measurement early in a clock minute (the binding's windows are clock minutes), and counts the minutes it spans. */
async function withinMinutes<T>(run: () => Promise<T>): Promise<{ result: T; minutes: number }> {
  if (MINUTE - (Date.now() % MINUTE) < 20_000) await new Promise((r) => setTimeout(r, MINUTE - (Date.now() % MINUTE) + 50));
  const first = Math.floor(Date.now() / MINUTE);
  const result = await run();
  return { result, minutes: Math.floor(Date.now() / MINUTE) - first + 1 };
}

async function expect429(res: Response, retryAfter: number | null, message: RegExp) {
  expect(res.status).toBe(429);
  const seconds = Number(res.headers.get('Retry-After'));
  if (retryAfter === null) expect(seconds).toBeGreaterThanOrEqual(1);
  else expect(seconds).toBe(retryAfter);
  expect(seconds).toBeLessThanOrEqual(60);
  const body = (await res.json()) as { error: { code: string; message: string } };
  expect(body.error.code).toBe('rate_limited');
  expect(body.error.message).toMatch(message);
}

describe('request budgets per client address and per site', () => {
  it('the curl loop — 100 requests without an Origin from one address, each a new visitor identifying with webinar sign-ups — makes at most 60 hot leads a minute', async () => {
    // Unsigned identifies accepted: the worst case, every request a hot e-mail lead.
    const site = await newSite({ identify: { signed: false } });
    const address = newAddress();
    const { result: replies, minutes } = await withinMinutes(async () => {
      const replies: Response[] = [];
      for (let i = 0; i < 100; i++) replies.push(await post({ site, visitor: newVisitor(), events: [identify(`lead-${i}@victim.example`), customEvent('webinar_signup'), customEvent('webinar_signup')] }, { 'CF-Connecting-IP': address }));
      return replies;
    });
    const accepted = replies.filter((r) => r.status === 200);
    const limit = REQUEST_BUDGETS.addressNoOrigin.limit;
    expect(limit).toBe(60);
    expect(accepted.length).toBeLessThanOrEqual(limit * minutes);
    if (minutes === 1) expect(accepted.length).toBe(limit);
    const refused = replies.filter((r) => r.status !== 200);
    expect(refused.length).toBe(100 - accepted.length);
    for (const r of refused) await expect429(r, 60, /at most 60 per 60 s/);
    // Each accepted request made one hot lead, and the refused made none.
    const stats = await getJson(`/v1/stats?site=${site}`);
    expect(stats.bands.hot).toBe(accepted.length);
    expect(stats.total).toBe(accepted.length);
    // Another address is not held back by this one.
    expect((await post({ site, visitor: newVisitor(), events: [pageview('/')] }, { 'CF-Connecting-IP': newAddress() })).status).toBe(200);
  }, SLOW);

  it('gives an address with an Origin 1,200 requests a minute and one without 60, counted before the body is read', async () => {
    const [browser, server] = [newAddress(), newAddress()];
    const { result, minutes } = await withinMinutes(async () => {
      const bad = (headers: Record<string, string>) => post('{}', headers);
      const withOrigin = [];
      for (let i = 0; i < 1_201; i++) withOrigin.push((await bad({ 'CF-Connecting-IP': browser, Origin: ORIGIN })).status);
      const without = [];
      for (let i = 0; i < 61; i++) without.push((await bad({ 'CF-Connecting-IP': server })).status);
      return { withOrigin, without, last: await bad({ 'CF-Connecting-IP': server }) };
    });
    if (minutes > 1) return;
    // Bad requests spend the budget too (400 while it lasts): the address is counted first.
    expect(result.withOrigin.slice(0, 1_200).every((s) => s === 400)).toBe(true);
    expect(result.withOrigin[1_200]).toBe(429);
    expect(result.without.slice(0, 60).every((s) => s === 400)).toBe(true);
    expect(result.without[60]).toBe(429);
    await expect429(result.last, 60, /too many requests from this address/);
  }, SLOW);

  it('gives a site 600 requests a minute without an Origin, from any number of addresses', async () => {
    const site = `ghost-${crypto.randomUUID().slice(0, 8)}`;
    const { result: statuses, minutes } = await withinMinutes(async () => {
      const statuses: number[] = [];
      for (let a = 0; a < 11; a++) {
        const address = newAddress();
        for (let i = 0; i < 55; i++) statuses.push((await post({ site, visitor: newVisitor(), events: [pageview('/')] }, { 'CF-Connecting-IP': address })).status);
      }
      return statuses;
    });
    if (minutes > 1) return;
    // An unknown site: 404 while the site's budget lasts, then 429 before any lookup.
    expect(statuses.slice(0, 600).every((s) => s === 404)).toBe(true);
    expect(statuses.slice(600)).toEqual(Array.from({ length: 5 }, () => 429));
  }, SLOW);

  it('does not count requests from a loopback address or without one (only local runs have them)', async () => {
    for (const headers of [{}, { 'CF-Connecting-IP': '127.0.0.1' }, { 'CF-Connecting-IP': '::1' }] as Record<string, string>[]) {
      const statuses = [];
      for (let i = 0; i < 65; i++) statuses.push((await post('{}', headers)).status);
      expect(statuses.every((s) => s === 400)).toBe(true);
    }
  }, SLOW);
});

describe('the per-lead budget', () => {
  it('keeps 80 visitor ids from pushing more than 1,200 events a minute into one lead', async () => {
    const site = await newSite({ identify: { signed: false } });
    const lead = 'target@example.com';
    const beacon = () => [identify(lead), ...Array.from({ length: 49 }, (_, i) => pageview(`/flood/${i}/${crypto.randomUUID().slice(0, 6)}`))];
    const { result: replies, minutes } = await withinMinutes(async () => {
      const replies: Response[] = [];
      const visitors = Array.from({ length: 80 }, newVisitor);
      // Eight at a time, each from its own address: only the lead's budget can hold them.
      for (let i = 0; i < visitors.length; i += 8) replies.push(...(await Promise.all(visitors.slice(i, i + 8).map((v) => post({ site, visitor: v, events: beacon() }, { 'CF-Connecting-IP': newAddress() })))));
      return replies;
    });
    const accepted = replies.filter((r) => r.status === 200).length;
    const stored = total((await explainLead(site, lead))!.events);
    // All or nothing per beacon: what was accepted is what the lead holds.
    expect(stored).toBe(accepted * 50);
    expect(stored).toBeLessThanOrEqual(1_200 * minutes);
    if (minutes === 1) expect(accepted).toBe(24);
    for (const r of replies.filter((r) => r.status !== 200)) await expect429(r, null, /too many events for this lead; at most 1200 a minute/);
  }, SLOW);

  it('follows the site’s limits.leadEventsPerMinute', async () => {
    const site = await newSite({ identify: { signed: false }, limits: { leadEventsPerMinute: 1_000 } });
    const visitor = newVisitor();
    const { result: statuses, minutes } = await withinMinutes(async () => {
      const statuses = [];
      for (let i = 0; i < 21; i++) statuses.push((await post({ site, visitor, events: Array.from({ length: 50 }, (_, j) => pageview(`/p/${i}/${j}`)) })).status);
      return statuses;
    });
    if (minutes > 1) return;
    expect(statuses.slice(0, 20).every((s) => s === 200)).toBe(true);
    expect(statuses[20]).toBe(429);
    expect(total((await explainVisitor(site, visitor))!.events)).toBe(1_000);
  }, SLOW);
});

describe('a normal visitor', () => {
  it('is never refused: the demo journey, then 1,000 events in a minute, one request each, from one address', async () => {
    const address = newAddress();
    const visitor = newVisitor();
    const headers = { 'CF-Connecting-IP': address, Origin: ORIGIN };
    const send = async (...events: object[]) => {
      const res = await post({ site: 'demo', visitor, events }, headers);
      expect(res.status).toBe(200);
      return res.json() as Promise<{ score: number; band: string }>;
    };
    // The demo journey, one request per signal as the SDK sends them while the page is visible.
    for (const path of ['/', '/product', '/pricing', '/blog/closing-the-books-faster', '/pricing', '/resources']) await send(...(path === '/' ? [visit()] : []), pageview(path));
    await send({ id: newEventId(), type: 'download', ts: Date.now(), url: `${ORIGIN}/files/close-guide.pdf` });
    await send(pageview('/'));
    await send(customEvent('webinar_signup'));
    await send(pageview('/pricing'));
    await send(pageview('/contact'));
    const signed = await SELF.fetch(`${ORIGIN}/demo/sign`, { method: 'POST', headers: { ...headers, 'Content-Type': 'application/json' }, body: JSON.stringify({ lead: 'journey@example.com' }) });
    const { lead, signature } = (await signed.json()) as { lead: string; signature: string };
    expect(await send({ ...identify(lead), traits: { name: 'Journey' }, sig: signature })).toEqual({ score: 85, band: 'hot' });

    // 1,000 more events, one per request, eight in flight: pages, engaged time and a custom event clicked often.
    const statuses: number[] = [];
    const events = Array.from({ length: 1_000 }, (_, i) =>
      i % 10 === 0 ? customEvent('scroll_depth') : i % 2 ? pageview(`/blog/post-${i}`) : { id: newEventId(), type: 'engaged', ts: Date.now(), path: '/blog', ms: 1000 },
    );
    for (let i = 0; i < events.length; i += 8) statuses.push(...(await Promise.all(events.slice(i, i + 8).map((e) => post({ site: 'demo', visitor, events: [e] }, headers).then((r) => r.status)))));
    expect(statuses.filter((s) => s !== 200)).toEqual([]);
    const stored = (await explainLead('demo', lead))!;
    // The custom event counted 5 times in this visit (its cap); everything else was stored.
    expect(total(stored.events.filter((e) => e.name === 'scroll_depth'))).toBe(5);
    expect(total(stored.events)).toBe(13 + 900 + 5);
  }, SLOW);
});

describe('custom events', () => {
  it('count at most 5 times per visit and 20 per UTC day by default; the rest are answered 200 and not stored', async () => {
    const site = await newSite({ rules: [{ id: 'click', when: { type: 'event', name: 'click' }, points: 1 }] });
    const visitor = newVisitor();
    const at = clock();
    // Visit v starts at v × 100 ms; its clicks follow it.
    const visitWithClicks = (v: number, clicks: number) => [{ ...visit(), ts: at(v * 100) }, ...Array.from({ length: clicks }, (_, i) => ({ ...customEvent('click'), ts: at(v * 100 + 1 + i) }))];
    const first = visitWithClicks(0, 10);
    const res = await post({ site, visitor, events: first });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ score: 5, band: 'cold' });
    const scores = [];
    for (let v = 1; v <= 5; v++) scores.push(((await (await post({ site, visitor, events: visitWithClicks(v, 10) })).json()) as { score: number }).score);
    // Four more visits reach the day's 20; the fifth adds nothing.
    expect(scores).toEqual([10, 15, 20, 20, 20]);
    // Another name has caps of its own; a resend changes nothing.
    expect(await (await post({ site, visitor, events: [{ ...customEvent('other'), ts: at(700) }] })).json()).toEqual({ score: 20, band: 'cold' });
    expect(await (await post({ site, visitor, events: first })).json()).toEqual({ score: 20, band: 'cold' });
    const { events } = (await explainVisitor(site, visitor))!;
    expect(events.filter((e) => e.name === 'click')).toHaveLength(20);
    expect(events.filter((e) => e.name === 'other')).toHaveLength(1);
  });

  it('follow the site’s limits', async () => {
    const site = await newSite({ rules: [{ id: 'click', when: { type: 'event', name: 'click' }, points: 1 }], limits: { customEventsPerVisit: 2, customEventsPerDay: 3 } });
    const visitor = newVisitor();
    const at = clock();
    const events = (start: number, clicks: number) => [{ ...visit(), ts: at(start) }, ...Array.from({ length: clicks }, (_, i) => ({ ...customEvent('click'), ts: at(start + 1 + i) }))];
    expect(await (await post({ site, visitor, events: events(0, 3) })).json()).toEqual({ score: 2, band: 'cold' });
    expect(await (await post({ site, visitor, events: events(100, 2) })).json()).toEqual({ score: 3, band: 'cold' });
  });
});

describe('scores in KV', () => {
  it('are never written as 0, and a lead falling back to 0 overwrites its published score', async () => {
    const site = await newSite();
    const [zero, fallen] = [newVisitor(), newVisitor()];
    expect(await (await post({ site, visitor: zero, events: [pageview('/careers'), pageview('/about')] })).json()).toEqual({ score: 0, band: 'cold' });
    expect(await published(visitorObjectName(site, zero))).toBeNull();
    expect(await (await post({ site, visitor: fallen, events: [pageview('/pricing')] })).json()).toEqual({ score: 10, band: 'cold' });
    expect(await published(visitorObjectName(site, fallen))).toEqual({ score: 10, band: 'cold', writes: 1 });
    expect(await (await post({ site, visitor: fallen, events: [pageview('/careers')] })).json()).toEqual({ score: 0, band: 'cold' });
    // Same band within the minute: published when the minute ends (the alarm), as 0.
    await runDurableObjectAlarm(visitorStub(site, fallen));
    expect(await published(visitorObjectName(site, fallen))).toEqual({ score: 0, band: 'cold', writes: 2 });
    expect(await readScore(site, fallen)).toEqual({ score: 0, band: 'cold' });
  });
});
