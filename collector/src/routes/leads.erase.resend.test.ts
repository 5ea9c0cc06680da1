// Erasure that stays erased (issue 11): after DELETE /v1/leads/:id, the SDK's outbox resends the erased
// visitor's batches — in order, in reverse, twice at once, after the objects restart — and nothing comes
// back: no lead, traits, score, KV key or webhook. A visitor that comes back with new events is a new
// anonymous visitor.
import { abortAllDurableObjects, env, runInDurableObject } from 'cloudflare:test';
import { describe, expect, inject, it } from 'vitest';
import { identifySignature } from '../lead/identifyProof';
import { leadObjectName, visitorObjectName } from '../lead/leadName';
import type { LeadObject } from '../lead/LeadObject';
import { leadObject } from '../objects';
import { getSiteConfig } from '../site/siteConfig';
import { collect, newEventId, newVisitor, pageview } from '../../test/helpers';
import { api, getJson } from '../../test/marketer';
import type { Received } from '../../test/hookReceiver';

const hooks = inject('hookReceiver');
const LEAD = 'Ana.Lima@Example.com';
type Event = Record<string, unknown> & { id: string; ts: number };

/** The webhook deliveries the local receiver got for `site`. */
async function deliveries(site: string): Promise<Received[]> {
  const all = (await (await fetch(`${hooks}/received`)).json()) as Received[];
  return all.filter((r) => r.path === `/hooks/${site}`);
}

async function until(check: () => Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 100; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** Rows an object still stores outside its tombstone, and its tombstone's rows. */
async function stored(name: string) {
  return runInDurableObject(leadObject(env, name), async (_o: LeadObject, state) => {
    const sql = state.storage.sql;
    const tables = sql
      .exec<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' AND substr(name, 1, 7) != 'sqlite_' AND substr(name, 1, 4) != '_cf_'")
      .toArray()
      .map((t) => t.name);
    const rows = Object.fromEntries(tables.map((t) => [t, sql.exec(`SELECT * FROM "${t}"`).toArray()]));
    const { tombstones = [], ...others } = rows;
    return { others: Object.values(others).reduce((n, r) => n + r.length, 0), tombstone: tombstones as Record<string, unknown>[], keys: (await state.storage.list()).size };
  });
}

/**
 * A site with a webhook to the local receiver and a lead made by one visitor in two batches — the
 * anonymous browsing, then a signed identify with name and phone and a webinar sign-up that turns it hot —
 * then erased. Returns what the outbox would resend.
 */
async function erasedLead() {
  const site = `erase-${crypto.randomUUID().slice(0, 8)}`;
  const config = {
    origins: [],
    rules: [
      { id: 'pricing', when: { type: 'pageview', path: '/pricing*' }, points: 10, max: 30 },
      { id: 'downloads', when: { type: 'download' }, points: 10, max: 30 },
      { id: 'visits', when: { type: 'visit' }, points: 5, max: 25 },
      { id: 'webinar', when: { type: 'event', name: 'webinar_signup' }, points: 40 },
    ],
    bands: { warm: 40, hot: 80 },
    webhook: { url: `${hooks}/hooks/${site}`, secret: 'whsec_erasure_0123456789' },
  };
  const put = await api(`/v1/sites/${site}/config`, { method: 'PUT', body: JSON.stringify(config) });
  expect(put.status).toBe(201);
  // A new site requires signed identifies; the secret is shown once, in this reply.
  const { identify } = (await put.json()) as { identify: { signed: boolean; secret: string } };
  expect(identify.signed).toBe(true);
  const visitor = newVisitor();
  const now = Date.now();
  const batch1: Event[] = [
    { id: newEventId(), type: 'visit', ts: now - 5000 },
    { ...pageview('/pricing'), ts: now - 4000 },
    { ...pageview('/pricing/team'), ts: now - 3500 },
    { ...pageview('/pricing/enterprise'), ts: now - 3000 },
    { id: newEventId(), type: 'download', ts: now - 2000, url: '/files/price-list.pdf' },
  ];
  const batch2: Event[] = [
    { id: newEventId(), type: 'identify', ts: now - 1000, lead: LEAD, traits: { name: 'Ana Lima', phone: '+1 555 0100' }, sig: await identifySignature(identify.secret, LEAD) },
    { id: newEventId(), type: 'event', ts: now - 500, name: 'webinar_signup' },
  ];
  expect(await (await collect({ site, visitor, events: batch1 })).json()).toEqual({ score: 45, band: 'warm' });
  expect(await (await collect({ site, visitor, events: batch2 })).json()).toEqual({ score: 85, band: 'hot' });
  expect(await getJson(`/v1/leads/${encodeURIComponent(LEAD)}?site=${site}`)).toMatchObject({ identified: true, score: 85, traits: { name: 'Ana Lima', phone: '+1 555 0100' } });
  await until(async () => (await deliveries(site)).length === 1, 'the lead.hot webhook');

  const erased = await api(`/v1/leads/${encodeURIComponent(LEAD)}?site=${site}`, { method: 'DELETE' });
  expect(erased.status).toBe(204);
  const name = await leadObjectName(env.HASH_KEY, site, LEAD);
  return { site, visitor, batch1, batch2, name };
}

/** Nothing of the lead anywhere: API, list, CSV, KV, webhooks, the objects' storage (tombstones aside). */
async function expectStillErased({ site, visitor, name }: { site: string; visitor: string; name: string }) {
  for (const id of [LEAD, visitor]) expect((await api(`/v1/leads/${encodeURIComponent(id)}?site=${site}`)).status).toBe(404);
  const list = JSON.stringify(await getJson(`/v1/leads?site=${site}&limit=500`));
  const csv = await (await api(`/v1/leads.csv?site=${site}`)).text();
  expect(JSON.parse(list).leads).toEqual([]);
  expect(csv.trim()).toBe('id,score,band,lastSeen,identified,confidence,publishedAt');
  const kv = [...(await env.SCORES.list({ prefix: `s:${site}/` })).keys, ...(await env.SCORES.list({ prefix: `p:${site}/` })).keys];
  expect(kv).toEqual([]);
  expect((await getJson(`/v1/stats?site=${site}`)).total).toBe(0);
  // Alarms have had time to run (the webhook's first attempt is immediate, retries 200 ms apart here).
  await new Promise((r) => setTimeout(r, 600));
  expect(await deliveries(site)).toHaveLength(1);
  for (const object of [name, visitorObjectName(site, visitor)]) {
    const left = await stored(object);
    expect({ object, others: left.others, keys: left.keys }).toEqual({ object, others: 0, keys: 0 });
    // What it keeps recognises the events, but names nobody: 22-character keyed hashes.
    expect(left.tombstone.length).toBeGreaterThan(1);
    // Every hash has that form, and everything but the hashes (a random hash may well spell "ana") is free of
    // the lead's name, city, phone, visitor id and object name.
    const rows = left.tombstone as { h: string }[];
    for (const row of rows) expect(row.h).toMatch(/^[\w-]{22}$/);
    const text = JSON.stringify(rows.map(({ h: _h, ...rest }) => rest)).toLowerCase();
    for (const trace of ['ana', 'lima', '555', visitor.toLowerCase(), name.toLowerCase()]) expect(text).not.toContain(trace);
    const hashes = new Set(rows.map((row) => row.h.toLowerCase()));
    for (const trace of [LEAD, visitor, name]) expect(hashes.has(trace.toLowerCase())).toBe(false);
  }
}

describe('resending an erased lead’s events', () => {
  it('in the order they were first sent recreates nothing', async () => {
    const lead = await erasedLead();
    for (const events of [lead.batch1, lead.batch2]) expect(await (await collect({ site: lead.site, visitor: lead.visitor, events })).json()).toEqual({ score: 0, band: 'cold' });
    await expectStillErased(lead);
  });

  it('in reverse order recreates nothing', async () => {
    const lead = await erasedLead();
    for (const events of [lead.batch2, lead.batch1]) expect(await (await collect({ site: lead.site, visitor: lead.visitor, events })).json()).toEqual({ score: 0, band: 'cold' });
    await expectStillErased(lead);
  });

  it('twice, concurrently, recreates nothing', async () => {
    const lead = await erasedLead();
    const replies = await Promise.all([lead.batch1, lead.batch2, lead.batch2, lead.batch1].map((events) => collect({ site: lead.site, visitor: lead.visitor, events })));
    expect(await Promise.all(replies.map((r) => r.json()))).toEqual(replies.map(() => ({ score: 0, band: 'cold' })));
    await expectStillErased(lead);
  });

  it('after every object restarted from storage recreates nothing', async () => {
    const lead = await erasedLead();
    await abortAllDurableObjects();
    for (const events of [lead.batch1, lead.batch2, lead.batch1]) expect((await collect({ site: lead.site, visitor: lead.visitor, events })).status).toBe(200);
    await expectStillErased(lead);
  });

  it('is recognised by event id even when the resend carries a new time', async () => {
    const lead = await erasedLead();
    const later = Date.now() + 1;
    const restamped = [...lead.batch1, ...lead.batch2].map((e) => ({ ...e, ts: later }));
    expect(await (await collect({ site: lead.site, visitor: lead.visitor, events: restamped })).json()).toEqual({ score: 0, band: 'cold' });
    await expectStillErased(lead);
  });

  it('with new events makes the visitor a new anonymous visitor, never the erased lead again', async () => {
    const lead = await erasedLead();
    const fresh = pageview('/pricing');
    expect(await (await collect({ site: lead.site, visitor: lead.visitor, events: [...lead.batch1, ...lead.batch2, fresh] })).json()).toEqual({ score: 10, band: 'cold' });
    expect(await getJson(`/v1/leads/${lead.visitor}?site=${lead.site}`)).toMatchObject({ id: lead.visitor, identified: false, score: 10, eventCount: 1, traits: {} });
    expect((await api(`/v1/leads/${encodeURIComponent(LEAD)}?site=${lead.site}`)).status).toBe(404);
    expect(await deliveries(lead.site)).toHaveLength(1);
  });

  it('keeps the erased lead’s own object from starting a new life from events it recognises', async () => {
    const lead = await erasedLead();
    const config = (await getSiteConfig(env, lead.site, true))!;
    const stub = leadObject(env, lead.name);
    const base = { name: lead.name, site: lead.site, id: 'ana.lima@example.com', visitor: newVisitor(), now: Date.now(), config };
    // Forwarded by some visitor with the lead id: recognised, dropped, no new life.
    expect(await stub.ingest({ ...base, events: lead.batch2.map((e) => ({ ...e, visitor: base.visitor })) as never })).toEqual({ score: 0, band: 'cold' });
    expect(await runInDurableObject(stub, (o: LeadObject) => o.inspect())).toBeNull();
    // A new identify (the person identifies again, later): a new life, with only what is new.
    const again = { id: newEventId(), type: 'identify', ts: Date.now(), lead: 'ana.lima@example.com', visitor: base.visitor };
    expect(await stub.ingest({ ...base, events: [again, ...lead.batch2.map((e) => ({ ...e, visitor: base.visitor }))] as never })).toEqual({ score: 0, band: 'cold' });
    const life = (await runInDurableObject(stub, (o: LeadObject) => o.inspect()))!;
    expect(life.events.map((e) => e.id)).toEqual([again.id]);
    expect((life.state as { traits: object }).traits).toEqual({});
  });
});
