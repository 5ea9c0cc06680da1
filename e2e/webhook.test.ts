// The lead.hot webhook end to end: `wrangler dev` delivers to a real HTTP receiver on 127.0.0.1 that
// fails the first attempts; the lead object's alarm retries with backoff (WEBHOOK_BASE_DELAY_MS=200).
import { createHmac, randomUUID } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { request } from './request';
import { send as sendTo, type Reply } from './send';
import { until } from './step';
import { useWorker } from './useWorker';

interface Delivery {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  at: number;
  status: number;
}

const SECRET = 'e2e-webhook-secret-0123456789';
const BASE_DELAY_MS = 200;
let receiver: Server;
let hookUrl = '';
const deliveries: Delivery[] = [];
/** How many requests the receiver still fails with 500. */
let failNext = 2;

beforeAll(async () => {
  receiver = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      const status = failNext > 0 ? 500 : 200;
      if (failNext > 0) failNext--;
      deliveries.push({ path: req.url ?? '', headers: req.headers, body, at: Date.now(), status });
      res.writeHead(status, { 'Content-Type': 'text/plain' }).end(status === 200 ? 'ok' : 'try again');
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  hookUrl = `http://127.0.0.1:${(receiver.address() as { port: number }).port}/hooks/lead`;
});
afterAll(async () => {
  await new Promise((resolve) => receiver?.close(resolve));
});
// Registered after the receiver's hooks: started after it, stopped before it.
const server = useWorker({ vars: { WEBHOOK_BASE_DELAY_MS: String(BASE_DELAY_MS) } });

const auth = { Authorization: 'Bearer e2e-token' };
const event = (name: string) => ({ id: randomUUID().replace(/-/g, ''), type: 'event', ts: Date.now(), name });

const send = (site: string, visitor: string, events: object[]): Promise<Reply> => sendTo(server.origin, visitor, events, { site });

/** Waits until the receiver got `n` requests; fails naming how many came. */
async function receivedAtLeast(n: number): Promise<void> {
  await until(`the webhook receiver getting ${n} requests`, () => deliveries.length >= n, undefined, 50).catch((err: Error) => {
    throw new Error(`${err.message} (got ${deliveries.length})`);
  });
}

const forLead = (lead: string) => deliveries.filter((d) => JSON.parse(d.body).lead === lead);
const atPath = (path: string) => deliveries.filter((d) => d.path === path);

/** Creates `site` with the webhook at `<receiver>/hooks/<site>` and `options` on it; returns the identify secret it was given. */
async function siteWithHook(site: string, options: Record<string, unknown>): Promise<string> {
  const config = {
    rules: [
      { id: 'pricing', when: { type: 'pageview', path: '/pricing*' }, points: 10, max: 30 },
      { id: 'webinar', when: { type: 'event', name: 'webinar_signup' }, points: 40 },
      { id: 'boost', when: { type: 'event', name: 'boost' }, points: 20 },
    ],
    bands: { warm: 40, hot: 80 },
    webhook: { url: hookUrl.replace('/hooks/lead', `/hooks/${site}`), secret: SECRET, ...options },
  };
  const put = await request(server.url(`/v1/sites/${site}/config`), { method: 'PUT', headers: { ...auth, 'Content-Type': 'application/json' }, body: JSON.stringify(config) });
  expect(put.status).toBe(201);
  return ((await put.json()) as { identify: { secret: string } }).identify.secret;
}

const pageview = (path: string) => ({ id: randomUUID().replace(/-/g, ''), type: 'pageview', ts: Date.now(), path });
const signedIdentify = (secret: string, lead: string, traits: Record<string, string>) => ({ ...event('x'), type: 'identify', lead, traits, sig: createHmac('sha256', secret).update(lead.toLowerCase()).digest('hex') });

it('signs, retries with backoff until the receiver accepts, and sends once per crossing to hot', async () => {
  const site = 'hooks';
  const config = {
    origins: [],
    rules: [
      { id: 'boost', when: { type: 'event', name: 'boost' }, points: 45 },
      { id: 'cool', when: { type: 'event', name: 'cool' }, points: -60 },
    ],
    bands: { warm: 40, hot: 80 },
    // `anonymous`: the second lead below is a visitor never identified (by default only identified leads are sent).
    webhook: { url: hookUrl, secret: SECRET, anonymous: true },
  };
  const put = await request(server.url(`/v1/sites/${site}/config`), { method: 'PUT', headers: { ...auth, 'Content-Type': 'application/json' }, body: JSON.stringify(config) });
  expect(put.status).toBe(201);
  // A new site requires signed identifies: sign as the site's server would, with the secret the PUT generated.
  const { identify } = (await put.json()) as { identify: { secret: string } };
  const sig = createHmac('sha256', identify.secret).update('hot.lead@example.com').digest('hex');

  // A warm lead (45) sends nothing; its second boost (90) makes it hot.
  const visitor = 'webhookVisitor0000000001';
  expect(await send(site, visitor, [{ ...event('x'), type: 'identify', lead: 'Hot.Lead@Example.com', sig }, event('boost')])).toEqual({ score: 45, band: 'warm' });
  const crossedAt = Date.now();
  expect(await send(site, visitor, [event('boost')])).toEqual({ score: 90, band: 'hot' });

  // Two failures, then success: three attempts of the same delivery.
  await receivedAtLeast(3);
  const first = deliveries.slice(0, 3);
  expect(first.map((d) => d.status)).toEqual([500, 500, 200]);
  expect(new Set(first.map((d) => d.body)).size).toBe(1);
  const payload = JSON.parse(first[0]!.body);
  expect(payload).toEqual({
    id: expect.stringMatching(/^whd_[0-9a-f]{32}$/),
    type: 'lead.hot',
    site,
    lead: 'hot.lead@example.com',
    identified: true,
    score: 90,
    band: 'hot',
    at: expect.any(String),
    traits: {},
    reasons: [{ rule: 'boost', label: 'boost', points: 90, count: 2 }],
  });
  expect(Object.keys(payload)).toEqual(['id', 'type', 'site', 'lead', 'identified', 'score', 'band', 'at', 'traits', 'reasons']);
  expect(Math.abs(Date.parse(payload.at) - crossedAt)).toBeLessThan(10_000);
  for (const d of first) {
    expect(d.headers['content-type']).toBe('application/json');
    expect(d.headers['x-leadpulse-delivery']).toBe(payload.id);
    expect(d.headers['x-leadpulse-signature']).toBe(`sha256=${createHmac('sha256', SECRET).update(d.body).digest('hex')}`);
  }
  // Backoff: the waits grow from the base delay (lower bounds only: alarms may fire late, never early).
  expect(first[1]!.at - first[0]!.at).toBeGreaterThanOrEqual(BASE_DELAY_MS - 20);
  expect(first[2]!.at - first[1]!.at).toBeGreaterThanOrEqual(2 * BASE_DELAY_MS - 20);

  // Staying hot sends nothing more. Another lead crossing afterwards is delivered; by then a second
  // delivery for the first lead, had one been owed, would have gone too.
  expect(await send(site, visitor, [event('boost')])).toEqual({ score: 100, band: 'hot' });
  const other = 'webhookVisitor0000000002';
  expect(await send(site, other, [event('boost'), event('boost')])).toEqual({ score: 90, band: 'hot' });
  await receivedAtLeast(4);
  await new Promise((r) => setTimeout(r, 10 * BASE_DELAY_MS));
  expect(forLead(other)).toHaveLength(1);
  expect(forLead(other)[0]!.status).toBe(200);
  expect(forLead('hot.lead@example.com')).toHaveLength(3);

  // Falling below hot re-arms it: the next rise sends a new delivery (a new id), once.
  expect(await send(site, visitor, [event('cool'), event('cool')])).toEqual({ score: 15, band: 'cold' });
  expect(await send(site, visitor, [event('boost'), event('boost')])).toEqual({ score: 100, band: 'hot' });
  await receivedAtLeast(5);
  await new Promise((r) => setTimeout(r, 10 * BASE_DELAY_MS));
  const again = forLead('hot.lead@example.com').slice(3);
  expect(again).toHaveLength(1);
  const second = JSON.parse(again[0]!.body);
  expect(second).toMatchObject({ type: 'lead.hot', lead: 'hot.lead@example.com', score: 100, band: 'hot' });
  expect(second.id).not.toBe(payload.id);
  expect(again[0]!.headers['x-leadpulse-signature']).toBe(`sha256=${createHmac('sha256', SECRET).update(again[0]!.body).digest('hex')}`);
}, 60_000);

it('by default sends one lead.hot for a person: none while the visitor is anonymous, then the identified lead with its traits and reasons', async () => {
  const site = 'hooks-default';
  const secret = await siteWithHook(site, {});
  const visitor = 'webhookVisitor0000000010';
  // The story: an anonymous visitor turns hot (30 + 40 + 20 = 90) …
  expect(await send(site, visitor, [pageview('/pricing'), pageview('/pricing'), pageview('/pricing'), event('webinar_signup'), event('boost')])).toEqual({ score: 90, band: 'hot' });
  await new Promise((r) => setTimeout(r, 10 * BASE_DELAY_MS));
  expect(atPath(`/hooks/${site}`)).toEqual([]);
  // … then the contact form identifies: one delivery, the lead sales can call.
  expect(await send(site, visitor, [signedIdentify(secret, 'Lea@Example.com', { name: 'Lea Park', company: 'Acme' })])).toEqual({ score: 90, band: 'hot' });
  await until('the lead.hot of the identified lead', () => atPath(`/hooks/${site}`).length >= 1, undefined, 50);
  await new Promise((r) => setTimeout(r, 10 * BASE_DELAY_MS));
  const sent = atPath(`/hooks/${site}`);
  expect(sent).toHaveLength(1);
  expect(JSON.parse(sent[0]!.body)).toMatchObject({
    type: 'lead.hot',
    lead: 'lea@example.com',
    identified: true,
    score: 90,
    traits: { name: 'Lea Park', company: 'Acme' },
    reasons: [
      { rule: 'webinar', points: 40, count: 1 },
      { rule: 'pricing', points: 30, count: 3 },
      { rule: 'boost', points: 20, count: 1 },
    ],
  });
  expect(sent[0]!.headers['x-leadpulse-signature']).toBe(`sha256=${createHmac('sha256', SECRET).update(sent[0]!.body).digest('hex')}`);
}, 60_000);

it('sends a Slack-compatible message, signed, when the webhook says format slack', async () => {
  const site = 'hooks-slack';
  const secret = await siteWithHook(site, { format: 'slack' });
  const visitor = 'webhookVisitor0000000011';
  expect(await send(site, visitor, [signedIdentify(secret, 'max@example.com', { name: 'Max' }), event('webinar_signup'), event('webinar_signup')])).toEqual({ score: 80, band: 'hot' });
  await until('the Slack message', () => atPath(`/hooks/${site}`).some((d) => d.status === 200), undefined, 50);
  const ok = atPath(`/hooks/${site}`).find((d) => d.status === 200)!;
  expect(ok.headers['content-type']).toBe('application/json');
  expect(ok.headers['x-leadpulse-signature']).toBe(`sha256=${createHmac('sha256', SECRET).update(ok.body).digest('hex')}`);
  const message = JSON.parse(ok.body);
  expect(message.text).toBe(`Hot lead on ${site}: Max (max@example.com), score 80 — webinar +80`);
  expect(message.blocks[0]).toEqual({ type: 'header', text: { type: 'plain_text', text: 'Hot lead: Max' } });
}, 60_000);
