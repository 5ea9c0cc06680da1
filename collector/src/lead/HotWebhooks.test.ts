// lead.hot for sales (issue 15): by default only identified leads are sent — an anonymous visitor's crossing
// waits until it identifies, then its lead is sent once, with traits and reasons; `webhook.anonymous` sends
// both; `webhook.format: "slack"` sends a Slack message, signed the same way.
import { env } from 'cloudflare:test';
import { describe, expect, inject, it, vi } from 'vitest';
import { SECRET_MASK } from '../marketer/maskSecret';
import { siteObject } from '../objects';
import { signBody } from '../webhook/signBody';
import { customEvent, newVisitor, pageview, send, signedIdentify } from '../../test/helpers';
import { api, getJson } from '../../test/marketer';
import type { Received } from '../../test/hookReceiver';

const hooks = inject('hookReceiver');
// Each test waits for deliveries, and a while longer to see that no other comes.
vi.setConfig({ testTimeout: 20_000 });
const SECRET = 'whsec_hot-for-sales-0123456789';


/** A fresh site whose webhook posts to the local receiver under `/hooks/<site>`, with `options` on the webhook. */
async function siteWithHook(options: Record<string, unknown> = {}): Promise<string> {
  const site = `hot-${crypto.randomUUID().slice(0, 8)}`;
  const config = {
    rules: [
      { id: 'pricing', when: { type: 'pageview', path: '/pricing*' }, points: 10, max: 30 },
      { id: 'webinar', when: { type: 'event', name: 'webinar_signup' }, points: 40 },
      { id: 'demo', when: { type: 'event', name: 'demo' }, points: 25 },
      { id: 'careers', when: { type: 'pageview', path: '/careers*' }, points: -5 },
    ],
    bands: { warm: 40, hot: 80 },
    webhook: { url: `${hooks}/hooks/${site}`, secret: SECRET, ...options },
  };
  const res = await api(`/v1/sites/${site}/config`, { method: 'PUT', body: JSON.stringify(config) });
  expect(res.status).toBe(201);
  return site;
}

async function deliveries(site: string): Promise<Received[]> {
  const all = (await (await fetch(`${hooks}/received`)).json()) as Received[];
  return all.filter((r) => r.path === `/hooks/${site}`);
}

/** Waits for `n` deliveries to `site`, then a little longer so that an extra one would have come too. */
async function settled(site: string, n: number): Promise<Received[]> {
  for (let i = 0; i < 100 && (await deliveries(site)).length < n; i++) await new Promise((r) => setTimeout(r, 50));
  await new Promise((r) => setTimeout(r, 500));
  return deliveries(site);
}

/** The browsing that makes a visitor hot with the rules above: 30 + 40 + 25 − 5 = 90. */
const hotBrowsing = () => [pageview('/pricing'), pageview('/pricing'), pageview('/pricing'), pageview('/careers'), customEvent('webinar_signup'), customEvent('demo')];

describe('lead.hot by default', () => {
  it('sends nothing for an anonymous visitor turning hot, and the lead once it identifies, with traits and the top reasons', async () => {
    const site = await siteWithHook();
    const visitor = newVisitor();
    expect(await send(site, visitor, hotBrowsing())).toEqual({ score: 90, band: 'hot' });
    expect(await settled(site, 0)).toEqual([]);

    const identify = await signedIdentify(site, 'Ana.Lima@Example.com', { name: 'Ana Lima', company: 'Acme' });
    expect(await send(site, visitor, [identify])).toEqual({ score: 90, band: 'hot' });
    const [sent, ...more] = await settled(site, 1);
    expect(more).toEqual([]);
    const body = JSON.parse(sent!.body);
    expect(body).toEqual({
      id: expect.stringMatching(/^whd_[0-9a-f]{32}$/),
      type: 'lead.hot',
      site,
      lead: 'ana.lima@example.com',
      identified: true,
      score: 90,
      band: 'hot',
      at: expect.any(String),
      traits: { name: 'Ana Lima', company: 'Acme' },
      reasons: [
        { rule: 'webinar', label: 'webinar', points: 40, count: 1 },
        { rule: 'pricing', label: 'pricing', points: 30, count: 3 },
        { rule: 'demo', label: 'demo', points: 25, count: 1 },
      ],
    });
    expect(sent!.headers['x-leadpulse-signature']).toBe(await signBody(sent!.body, SECRET));
    expect(sent!.headers['x-leadpulse-delivery']).toBe(body.id);

    // The lead stays hot: another visitor of the same person sends nothing more.
    const phone = newVisitor();
    expect(await send(site, phone, [await signedIdentify(site, 'ana.lima@example.com'), customEvent('demo')])).toMatchObject({ band: 'hot' });
    expect(await settled(site, 1)).toHaveLength(1);
  });

  it('sends an identified lead that turns hot later, once', async () => {
    const site = await siteWithHook();
    const visitor = newVisitor();
    expect(await send(site, visitor, [await signedIdentify(site, 'bo@example.com'), customEvent('webinar_signup')])).toEqual({ score: 40, band: 'warm' });
    expect(await send(site, visitor, [customEvent('webinar_signup'), customEvent('demo')])).toEqual({ score: 100, band: 'hot' });
    const sent = await settled(site, 1);
    expect(sent.map((d) => JSON.parse(d.body))).toEqual([expect.objectContaining({ lead: 'bo@example.com', identified: true, score: 100, traits: {}, reasons: [{ rule: 'webinar', label: 'webinar', points: 80, count: 2 }, { rule: 'demo', label: 'demo', points: 25, count: 1 }] })]);
  });
});

describe('lead.hot with webhook.anonymous', () => {
  it('sends the anonymous crossing (identified false, no traits), and the lead again when the visitor identifies', async () => {
    const site = await siteWithHook({ anonymous: true });
    const visitor = newVisitor();
    expect(await send(site, visitor, hotBrowsing())).toEqual({ score: 90, band: 'hot' });
    const [first] = await settled(site, 1);
    expect(JSON.parse(first!.body)).toMatchObject({ lead: visitor, identified: false, score: 90, traits: {}, reasons: [{ rule: 'webinar' }, { rule: 'pricing' }, { rule: 'demo' }] });

    expect(await send(site, visitor, [await signedIdentify(site, 'cy@example.com', { name: 'Cy' })])).toEqual({ score: 90, band: 'hot' });
    const all = await settled(site, 2);
    expect(all).toHaveLength(2);
    expect(JSON.parse(all[1]!.body)).toMatchObject({ lead: 'cy@example.com', identified: true, traits: { name: 'Cy' } });
  });
});

describe('lead.hot in Slack format', () => {
  it('posts text and blocks naming the lead, its score and reasons, signed, with browser text escaped', async () => {
    const site = await siteWithHook({ format: 'slack' });
    const visitor = newVisitor();
    const identify = await signedIdentify(site, 'dee@example.com', { name: 'Dee <script>&', plan: 'Pro' });
    expect(await send(site, visitor, [identify, ...hotBrowsing()])).toEqual({ score: 90, band: 'hot' });
    const [sent] = await settled(site, 1);
    expect(sent!.headers['content-type']).toBe('application/json');
    expect(sent!.headers['x-leadpulse-signature']).toBe(await signBody(sent!.body, SECRET));
    const message = JSON.parse(sent!.body);
    expect(Object.keys(message)).toEqual(['text', 'blocks']);
    expect(message.text).toBe(`Hot lead on ${site}: Dee &lt;script&gt;&amp; (dee@example.com), score 90 — webinar +40, pricing +30, demo +25`);
    expect(message.blocks.map((b: { type: string }) => b.type)).toEqual(['header', 'section', 'section', 'context']);
    expect(message.blocks[0].text).toEqual({ type: 'plain_text', text: 'Hot lead: Dee <script>&' });
    expect(message.blocks[1].fields.map((f: { text: string }) => f.text)).toEqual(['*Lead*\ndee@example.com', '*Score*\n90 (hot)', `*Site*\n${site}`, '*name*\nDee &lt;script&gt;&amp;', '*plan*\nPro']);
    expect(message.blocks[2].text.text).toBe('*Why*\n• webinar: +40 (1 time)\n• pricing: +30 (3 times)\n• demo: +25 (1 time)');
    expect(message.blocks[3].elements[0].text).toContain(sent!.headers['x-leadpulse-delivery']);
  });
});

describe('the webhook options in the configuration', () => {
  it('refuses an unknown format or a non-boolean anonymous with 400 naming the field, and stores nothing', async () => {
    const site = await siteWithHook();
    const before = await getJson(`/v1/sites/${site}/config`);
    for (const [options, message] of [
      [{ format: 'teams' }, "webhook.format: must be 'json' or 'slack'"],
      [{ anonymous: 'yes' }, 'webhook.anonymous: must be true or false'],
      [{ fromat: 'slack' }, 'webhook.fromat: unknown field'],
    ] as const) {
      const res = await api(`/v1/sites/${site}/config`, { method: 'PUT', body: JSON.stringify({ ...before, webhook: { url: before.webhook.url, secret: SECRET, ...options } }) });
      expect(res.status).toBe(400);
      expect(await res.json()).toEqual({ error: { code: 'invalid_config', message } });
    }
    expect(await getJson(`/v1/sites/${site}/config`)).toEqual(before);
  });

  it('shows format and anonymous with the secret masked, keeps them through a masked PUT, and keeps the secret in the site object only', async () => {
    const site = await siteWithHook({ format: 'slack', anonymous: true });
    const read = await getJson(`/v1/sites/${site}/config`);
    expect(read.webhook).toEqual({ url: `${hooks}/hooks/${site}`, secret: SECRET_MASK, anonymous: true, format: 'slack' });
    expect((await api(`/v1/sites/${site}/config`, { method: 'PUT', body: JSON.stringify({ ...read, webhook: { ...read.webhook, format: 'json' } }) })).status).toBe(200);
    expect((await getJson(`/v1/sites/${site}/config`)).webhook).toEqual({ url: `${hooks}/hooks/${site}`, secret: SECRET_MASK, anonymous: true, format: 'json' });
    expect(await siteObject(env, site).webhookTarget()).toEqual({ url: `${hooks}/hooks/${site}`, secret: SECRET });
  });
});
