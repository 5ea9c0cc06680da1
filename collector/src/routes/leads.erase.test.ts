import { env, runInDurableObject } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { leadObject } from '../objects';
import { collect, identify, newEventId, newVisitor, readScore } from '../../test/helpers';
import { api, getJson, named, newSite } from '../../test/marketer';
import { handOverVitals, inspect, visitorStub } from '../../test/sites';
import { leadObjectName, visitorObjectName } from '../lead/leadName';
import { getSiteConfig } from '../site/siteConfig';

const vitals = (path: string, lcp: number) => ({ id: newEventId(), type: 'vitals', ts: Date.now(), path, lcp, inp: 40, cls: 0.01 });

/**
 * Everything a Durable Object still stores: rows of every table, storage keys and its alarm — apart from
 * its tombstone (issue 11), returned on its own: the keyed hashes that keep the erasure from being undone.
 */
async function leftovers(name: string) {
  const stub = leadObject(env, name);
  return runInDurableObject(stub, async (_instance, state) => {
    const tables = state.storage.sql
      .exec<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' AND substr(name, 1, 7) != 'sqlite_' AND substr(name, 1, 4) != '_cf_' AND name != 'tombstones'")
      .toArray()
      .map((t) => t.name);
    const rows = Object.fromEntries(tables.map((t) => [t, state.storage.sql.exec(`SELECT COUNT(*) AS n FROM "${t}"`).one().n]));
    const buried = state.storage.sql.exec("SELECT 1 FROM sqlite_master WHERE name = 'tombstones'").toArray().length ? state.storage.sql.exec<{ h: string; kind: string; at: number; expires: number }>('SELECT * FROM tombstones').toArray() : [];
    return { tables: tables.length, rows, keys: (await state.storage.list()).size, alarm: await state.storage.getAlarm(), tombstone: buried };
  });
}

/** The tombstone's rows hold keyed hashes only (no id, name or address), and its alarm removes it when it expires. */
function expectOnlyTombstone(left: Awaited<ReturnType<typeof leftovers>>, traces: string[]) {
  expect(left.tombstone.filter((r) => r.kind === 'object')).toHaveLength(1);
  for (const row of left.tombstone) {
    expect(row.h).toMatch(/^[A-Za-z0-9_-]{22}$/);
    for (const trace of traces) expect(row.h).not.toContain(trace);
  }
  expect(left.alarm).toBe(left.tombstone[0]!.expires);
  expect(left.alarm! - left.tombstone[0]!.at).toBe(30 * 86_400_000);
}

async function kvKeys(site: string): Promise<{ name: string; value: string | null }[]> {
  const names = [...(await env.SCORES.list({ prefix: `s:${site}/` })).keys, ...(await env.SCORES.list({ prefix: `p:${site}/` })).keys].map((k) => k.name);
  return Promise.all(names.map(async (name) => ({ name, value: await env.SCORES.get(name) })));
}

describe('DELETE /v1/leads/:id', () => {
  it('erases every trace of a lead and of its visitors, and leaves other leads alone', async () => {
    const site = await newSite();
    const lead = 'Erase.Me@Example.com';
    const name = await leadObjectName(env.HASH_KEY, site, lead);
    const [a, b, moved, other] = [newVisitor(), newVisitor(), newVisitor(), newVisitor()];
    // a: anonymous history with web vitals, then identified; b: identified at once; moved: identified as
    // the lead, then as someone else (it belongs to that one now); other: an unrelated lead.
    await collect({ site, visitor: a, events: [...named('p10', 2), vitals('/pricing', 1111)] });
    await collect({ site, visitor: a, events: [identify(lead, { company: 'Acme' }), ...named('p50')] });
    await collect({ site, visitor: b, events: [identify('erase.me@example.com', { phone: '+1 555 0100' }), vitals('/pricing', 2222), ...named('p1', 3)] });
    await collect({ site, visitor: moved, events: [identify(lead), ...named('p1')] });
    await collect({ site, visitor: moved, events: [identify('someone.else@example.com'), ...named('p10')] });
    await collect({ site, visitor: other, events: [...named('p10', 3), vitals('/pricing', 3333)] });

    await handOverVitals(site, [a, b, other]);
    const before = await getJson(`/v1/leads/${encodeURIComponent(lead)}?site=${site}`);
    expect(before).toMatchObject({ id: 'erase.me@example.com', score: 74, band: 'warm', traits: { company: 'Acme', phone: '+1 555 0100' } });
    expect((await getJson(`/v1/vitals?site=${site}`)).paths[0].lcp.samples).toBe(3);
    expect((await readScore(site, a)).score).toBeGreaterThan(0);

    // Traces exist before: the objects hold rows (meta: the state, with the newest events, and the
    // configuration) and the lead its 12 events, KV holds the published score and the pointers.
    expect((await leftovers(name)).rows).toMatchObject({ meta: 2 });
    expect((await inspect(leadObject(env, name)))!.events).toHaveLength(12);
    expect((await leftovers(visitorObjectName(site, a))).rows).toMatchObject({ meta: 2 });
    const kvBefore = JSON.stringify(await kvKeys(site));
    for (const trace of [a, b, name]) expect(kvBefore).toContain(trace);

    // The id of a merged visitor leads to its lead: erasing by it erases the lead.
    const res = await api(`/v1/leads/${a}?site=${site}`, { method: 'DELETE' });
    expect(res.status).toBe(204);
    expect(await res.text()).toBe('');

    // Nothing of it remains readable through the API…
    for (const id of [lead, 'erase.me@example.com', a, b]) {
      const gone = await api(`/v1/leads/${encodeURIComponent(id)}?site=${site}`);
      expect({ id, status: gone.status }).toEqual({ id, status: 404 });
    }
    expect(await readScore(site, a)).toEqual({ score: 0, band: 'cold' });
    expect(await readScore(site, b)).toEqual({ score: 0, band: 'cold' });
    const listed = JSON.stringify(await getJson(`/v1/leads?site=${site}&limit=500`));
    const csv = await (await api(`/v1/leads.csv?site=${site}`)).text();
    for (const trace of ['erase.me', a, b, name]) {
      expect(listed).not.toContain(trace);
      expect(csv).not.toContain(trace);
    }
    const stats = await getJson(`/v1/stats?site=${site}`);
    expect(stats.total).toBe(2);
    const vitalsAfter = await getJson(`/v1/vitals?site=${site}`);
    expect(vitalsAfter.paths).toEqual([{ path: '/pricing', samples: 1, lcp: { p75: 3333, samples: 1 }, inp: { p75: 40, samples: 1 }, cls: { p75: 0.01, samples: 1 } }]);

    // …nor in storage: KV, the lead's object and its visitors' objects hold nothing.
    const kv = await kvKeys(site);
    for (const { name: key, value } of kv) {
      for (const trace of [a, b, name]) {
        expect(key).not.toContain(trace);
        expect(value ?? '').not.toContain(trace);
      }
    }
    for (const object of [name, visitorObjectName(site, a), visitorObjectName(site, b)]) {
      const left = await leftovers(object);
      expect(left.tables).toBeGreaterThan(0);
      expect({ object, ...left }).toEqual({ object, tables: left.tables, rows: Object.fromEntries(Object.keys(left.rows).map((t) => [t, 0])), keys: 0, alarm: left.alarm, tombstone: left.tombstone });
      expectOnlyTombstone(left, [a, b, 'erase.me']);
    }

    // The visitor that moved on to another lead keeps that link; the unrelated lead is untouched.
    const elsewhere = await getJson(`/v1/leads/${moved}?site=${site}`);
    expect(elsewhere).toMatchObject({ id: 'someone.else@example.com', score: 10 });
    expect(await env.SCORES.get(`p:${site}/${moved}`)).toBe(await leadObjectName(env.HASH_KEY, site, 'someone.else@example.com'));
    expect(await getJson(`/v1/leads/${other}?site=${site}`)).toMatchObject({ score: 30 });

    // The erased visitor's next beacon starts from nothing: no old history comes back.
    expect(await (await collect({ site, visitor: a, events: named('p1') })).json()).toEqual({ score: 1, band: 'cold' });
    expect(await getJson(`/v1/leads/${a}?site=${site}`)).toMatchObject({ id: a, identified: false, score: 1, eventCount: 1, traits: {} });
  });

  it('erases a lead not identified yet by its visitor id', async () => {
    const site = await newSite();
    const visitor = newVisitor();
    await collect({ site, visitor, events: [...named('p10', 5), vitals('/', 900)] });
    expect(await readScore(site, visitor)).toEqual({ score: 50, band: 'warm' });
    expect((await api(`/v1/leads/${visitor}?site=${site}`, { method: 'DELETE' })).status).toBe(204);
    expect((await api(`/v1/leads/${visitor}?site=${site}`)).status).toBe(404);
    expect(await readScore(site, visitor)).toEqual({ score: 0, band: 'cold' });
    expect(await kvKeys(site)).toEqual([]);
    expect((await getJson(`/v1/leads?site=${site}`)).leads).toEqual([]);
    expect((await getJson(`/v1/vitals?site=${site}`)).paths).toEqual([]);
    const left = await leftovers(visitorObjectName(site, visitor));
    expect(Object.values(left.rows).every((n) => n === 0)).toBe(true);
    expectOnlyTombstone(left, [visitor]);
    // A second erasure finds nothing.
    expect((await api(`/v1/leads/${visitor}?site=${site}`, { method: 'DELETE' })).status).toBe(404);
  });

  it('keeps an erased lead erased when a visitor identified as another lead since resends its events', async () => {
    const site = await newSite();
    const visitor = newVisitor();
    const first = await leadObjectName(env.HASH_KEY, site, 'first@example.com');
    const e1 = named('p10')[0]!;
    await collect({ site, visitor, events: [identify('first@example.com'), e1, vitals('/pricing', 1500)] });
    await collect({ site, visitor, events: [identify('second@example.com'), ...named('p1')] });
    expect((await api(`/v1/leads/first%40example.com?site=${site}`, { method: 'DELETE' })).status).toBe(204);

    // The visitor keeps its link to the second lead, but nothing that names the erased one, nor its web vitals.
    const { routes } = (await inspect(visitorStub(site, visitor)))!;
    expect(routes).not.toContain(first);
    expect((await getJson(`/v1/vitals?site=${site}`)).paths).toEqual([]);

    // The SDK's outbox sends e1 again: it is dropped with its lead, not counted by the second one.
    expect(await (await collect({ site, visitor, events: [e1] })).json()).toEqual({ score: 1, band: 'cold' });
    expect((await api(`/v1/leads/first%40example.com?site=${site}`)).status).toBe(404);
    expect((await getJson(`/v1/leads?site=${site}`)).leads).toMatchObject([{ id: 'second@example.com', score: 1, identified: true }]);
    expect(await env.SCORES.get(`s:${first}`)).toBeNull();
    const left = await leftovers(first);
    expect(Object.values(left.rows).every((n) => n === 0)).toBe(true);
  });

  it('never lets a forwarded retry without a lead id create a lead object (its lead was erased)', async () => {
    const site = await newSite();
    const name = await leadObjectName(env.HASH_KEY, site, 'gone@example.com');
    const config = (await getSiteConfig(env, site, true))!;
    const stub = leadObject(env, name);
    const reply = await stub.ingest({ name, site, id: '', visitor: newVisitor(), events: named('p10') as never, now: Date.now(), config });
    expect(reply).toEqual({ score: 0, band: 'cold' });
    const left = await leftovers(name);
    expect(Object.values(left.rows).every((n) => n === 0)).toBe(true);
    expect(await env.SCORES.get(`s:${name}`)).toBeNull();
    expect((await getJson(`/v1/leads?site=${site}`)).leads).toEqual([]);
  });

  it('answers beacons racing repeated erasures of their lead with 200, never a 5xx', async () => {
    const site = await newSite();
    const lead = 'racer@example.com';
    const visitors = Array.from({ length: 6 }, newVisitor);
    const beacons: number[] = [];
    const erasures: number[] = [];
    // Every visitor beacons (identifying again, so the lead keeps coming back) while the lead is erased
    // again and again: erasures land between the awaits of beacons in flight.
    let erasing = true;
    const erase = async () => {
      for (let i = 0; i < 10; i++) erasures.push((await api(`/v1/leads/${encodeURIComponent(lead)}?site=${site}`, { method: 'DELETE' })).status);
      erasing = false;
    };
    const beacon = async (visitor: string) => {
      while (erasing) beacons.push((await collect({ site, visitor, events: [identify(lead), ...named('p1')] })).status);
    };
    await Promise.all([erase(), ...visitors.map(beacon)]);
    expect(beacons.filter((s) => s !== 200)).toEqual([]);
    expect(erasures.filter((s) => s !== 204 && s !== 404)).toEqual([]);
    expect(erasures).toContain(204);
  }, 30_000);
});
