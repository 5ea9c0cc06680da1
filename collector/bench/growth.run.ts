// `npm run bench -- growth` (scripts/bench-growth.mjs): how the cost of a beacon grows with a lead's history
// (1 / 100 / 10,000 events) and with its merged visitors (1 / 200), and the cost of the first page of the
// leads list with 100 / 10,000 / 100,000 leads — as ratios to the smallest case, measured in the same run
// inside workerd with the real app and objects (METER=1: the billed units each request makes). Histories
// are seeded straight into the lead object (its `ingest`, as a visitor's object forwards events) and index
// rows straight into the index objects, since 10,000 events or 100,000 leads through HTTP would take an
// hour; the measured requests go through the app. Time is taken around the request from outside (workerd's
// clock moves with I/O), averaged over many requests. Lines starting with "BENCH" are the figures.
import { createExecutionContext, env, runInDurableObject, waitOnExecutionContext } from 'cloudflare:test';
import { expect, it } from 'vitest';
import { app } from '../src/app';
import type { Env } from '../src/env';
import type { LeadObject } from '../src/lead/LeadObject';
import { leadObjectName } from '../src/lead/leadName';
import { readMeter, type Meter } from '../src/meter/meter';
import { meteredEnv } from '../src/meter/meteredEnv';
import { indexObject, leadObject, siteObject } from '../src/objects';
import type { IndexObject } from '../src/site/IndexObject';
import { indexShardName } from '../src/site/indexShards';
import type { LeadIndex } from '../src/site/LeadIndex';
import { getSiteConfig } from '../src/site/siteConfig';
import { siteConfigSchema } from '../src/site/siteConfigSchema';
import type { StoredEvent } from '../src/lead/storedEvent';

const out = (line: string) => console.log(`BENCH ${line}`);
const ORIGIN = 'http://127.0.0.1:8787';
const rid = () => crypto.randomUUID().replace(/-/g, '');
const pages = ['/', '/product', '/pricing', '/blog/edge-scoring', '/resources', '/careers', '/contact'];
const rules = [
  { id: 'pricing', when: { type: 'pageview', path: '/pricing*' }, points: 10, max: 30 },
  { id: 'careers', when: { type: 'pageview', path: '/careers*' }, points: -15 },
  { id: 'downloads', when: { type: 'download' }, points: 10, max: 30 },
  { id: 'visits', when: { type: 'visit' }, points: 5, max: 25 },
  { id: 'webinar', when: { type: 'event', name: 'webinar_signup' }, points: 40 },
];

async function newSite(): Promise<string> {
  const site = `g${rid().slice(0, 16)}`;
  const config = siteConfigSchema.parse({ bands: { warm: 40, hot: 80 }, rules, identify: { signed: false }, limits: { leadEventsPerMinute: 100_000, customEventsPerVisit: 10_000, customEventsPerDay: 100_000 } });
  await siteObject(env, site).putConfig(config, site);
  return site;
}

/** One request through the app with counted bindings. */
async function request(req: Request): Promise<Response> {
  const ctx = createExecutionContext();
  const res = await app.fetch(req, meteredEnv(env as Env), ctx);
  await res.arrayBuffer();
  await waitOnExecutionContext(ctx);
  return res;
}
const beacon = (site: string, visitor: string, events: object[]) =>
  request(new Request(`${ORIGIN}/v1/collect`, { method: 'POST', headers: { 'Content-Type': 'text/plain' }, body: JSON.stringify({ site, visitor, events }) }));
const pageview = (i: number) => ({ id: `e${rid()}`, type: 'pageview', ts: Date.now(), path: pages[i % pages.length] });

type Cost = { ms: number; rows: number; calls: number };
const sum = (o: Record<string, number>) => Object.values(o).reduce((a, b) => a + b, 0);
const units = (m: Meter) => ({ rows: sum(m.rowsWritten), calls: sum(m.objectCalls) + sum(m.alarms) });

/** Runs `once` `runs` times (after `before`, untimed and uncounted, each time); the mean time and billed units per run. */
async function measure(runs: number, once: (i: number) => Promise<unknown>, before?: () => Promise<unknown>): Promise<Cost> {
  let ms = 0;
  const total = { rows: 0, calls: 0 };
  for (let i = 0; i < runs; i++) {
    if (before) await before();
    readMeter(true);
    const t = performance.now();
    await once(i);
    ms += performance.now() - t;
    const u = units(readMeter(true));
    total.rows += u.rows;
    total.calls += u.calls;
  }
  return { ms: ms / runs, rows: total.rows / runs, calls: total.calls / runs };
}

function table(title: string, cases: [string, Cost][]): void {
  const [, base] = cases[0]!;
  out('');
  out(title);
  out(`| case | time per request | ratio | rows written | object calls |`);
  out(`|---|---:|---:|---:|---:|`);
  for (const [name, c] of cases) out(`| ${name} | ${c.ms.toFixed(2)} ms | ${(c.ms / base.ms).toFixed(2)}× | ${c.rows.toFixed(2)} | ${c.calls.toFixed(2)} |`);
}

/** A visitor identified as a lead whose history is `n` events (seeded into the lead object, folded as it fills). */
async function leadWithHistory(site: string, n: number): Promise<{ visitor: string; lead: DurableObjectStub<LeadObject> }> {
  const visitor = `gv${rid()}`;
  const id = `growth-${n}-${rid()}@example.com`;
  const res = await beacon(site, visitor, [pageview(0), { id: `e${rid()}`, type: 'identify', ts: Date.now(), lead: id }]);
  expect(res.status).toBe(200);
  const name = await leadObjectName(env.HASH_KEY, site, id);
  const lead = leadObject(env, name);
  const config = (await getSiteConfig(env, site, true))!;
  // Already 2 events (the pageview and the identify); the rest in batches, 14 days back to now.
  const span = 14 * 86_400_000;
  for (let from = 2; from < n; from += 500) {
    const now = Date.now();
    const events: StoredEvent[] = Array.from({ length: Math.min(500, n - from) }, (_, k) => {
      const i = from + k;
      const ts = now - span + Math.floor((i / n) * span);
      return i % 25 === 0 ? { id: `s${rid()}`, type: 'visit', ts, visitor } : i % 40 === 7 ? { id: `s${rid()}`, type: 'download', ts, url: '/files/guide.pdf', visitor } : { id: `s${rid()}`, type: 'pageview', ts, path: pages[i % pages.length]!, visitor };
    });
    const r = await lead.ingest({ name, site, id, visitor, events, now, config });
    expect('error' in r).toBe(false);
  }
  return { visitor, lead };
}

const dropCache = (lead: DurableObjectStub<LeadObject>) => runInDurableObject(lead, (o: LeadObject) => o.parts.history.dropCache());
/** How many raw events and aggregates the lead's history holds. */
const stored = (lead: DurableObjectStub<LeadObject>) =>
  runInDurableObject(lead, (o: LeadObject) => {
    const h = o.parts.history;
    return { raw: h.rawCount(), aggregates: h.all().length - h.rawCount() };
  });

it('cost of a beacon against the history of its lead', async () => {
  const site = await newSite();
  const warm: [string, Cost][] = [];
  const cold: [string, Cost][] = [];
  for (const n of [1, 100, 10_000]) {
    const { visitor, lead } = await leadWithHistory(site, n);
    const h = await stored(lead);
    const label = `${n.toLocaleString('en-US')} events (${h.raw} raw, ${h.aggregates} aggregates)`;
    let k = 0;
    // Two warm-up beacons, then the measured ones: each a pageview of an identified visitor (its object forwards to the lead's).
    await measure(2, () => beacon(site, visitor, [pageview(k++)]));
    warm.push([label, await measure(40, () => beacon(site, visitor, [pageview(k++)]))]);
    cold.push([label, await measure(20, () => beacon(site, visitor, [pageview(k++)]), () => dropCache(lead))]);
  }
  table("A beacon of an identified visitor against its lead's history: history cached in the lead object (the usual case)", warm);
  table("The same, the lead object's history not in memory (a new instance, or dropped by the isolate's budget)", cold);
});

it('cost of a beacon against the merged visitors of its lead', async () => {
  const site = await newSite();
  const rows: [string, Cost][] = [];
  const merges: [string, Cost][] = [];
  for (const v of [1, 200]) {
    const id = `merged-${v}-${rid()}@example.com`;
    const visitors = Array.from({ length: v }, () => `gm${rid()}`);
    // Each visitor browses two pages, then identifies as the lead: its history merges into the lead's.
    for (const visitor of visitors.slice(0, -1)) {
      await beacon(site, visitor, [{ id: `e${rid()}`, type: 'visit', ts: Date.now() }, pageview(1), pageview(2)]);
      await beacon(site, visitor, [{ id: `e${rid()}`, type: 'identify', ts: Date.now(), lead: id }]);
    }
    const last = visitors.at(-1)!;
    await beacon(site, last, [{ id: `e${rid()}`, type: 'visit', ts: Date.now() }, pageview(1), pageview(2)]);
    merges.push([`visitor ${v} of the lead identifies`, await measure(1, () => beacon(site, last, [{ id: `e${rid()}`, type: 'identify', ts: Date.now(), lead: id }]))]);
    let k = 0;
    await measure(2, () => beacon(site, last, [pageview(k++)]));
    const h = await stored(leadObject(env, await leadObjectName(env.HASH_KEY, site, id)));
    rows.push([`${v} merged visitor${v > 1 ? 's' : ''} (${h.raw} raw events)`, await measure(40, () => beacon(site, last, [pageview(k++)]))]);
  }
  table("A beacon of an identified visitor against the number of visitors merged into its lead", rows);
  table('The identify that merges the last visitor (one run each)', merges);
});

it('cost of the first page of the leads list against the number of leads', async () => {
  const cases: [string, Cost][] = [];
  const bands = ['cold', 'warm', 'hot'] as const;
  for (const n of [100, 10_000, 100_000]) {
    const site = await newSite();
    const config = (await getSiteConfig(env, site, true))!;
    // Index rows as lead objects write them, grouped by index object.
    const byShard = new Map<string, { name: string; score: number }[]>();
    for (let i = 0; i < n; i++) {
      const name = `${site}/v/lead${i}`;
      const shard = indexShardName(site, name);
      if (!byShard.has(shard)) byShard.set(shard, []);
      byShard.get(shard)!.push({ name, score: (i * 37) % 101 });
    }
    for (const [shard, entries] of byShard) {
      for (let from = 0; from < entries.length; from += 5_000) {
        await runInDurableObject(indexObject(env, shard), (o: IndexObject) => {
          const index = (o as unknown as { index: LeadIndex }).index;
          for (const e of entries.slice(from, from + 5_000)) index.upsert({ name: e.name, id: e.name.slice(-12), score: e.score, band: bands[e.score >= 80 ? 2 : e.score >= 40 ? 1 : 0], lastSeen: Date.now(), identified: false, rev: config.rev });
        });
      }
    }
    const list = () => request(new Request(`${ORIGIN}/v1/leads?site=${site}&limit=50`, { headers: { Authorization: `Bearer ${env.API_TOKEN}` } }));
    const first = await list();
    expect(first.status).toBe(200);
    await measure(5, list);
    cases.push([`${n.toLocaleString('en-US')} leads`, await measure(40, list)]);
  }
  table('GET /v1/leads, first page of 50, against the leads of the site', cases);
});
