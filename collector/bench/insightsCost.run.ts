// `npm run bench -- insights` (scripts/bench-insights.mjs): what insights cost. (1) The time of the insights
// read and of the calibration read (what every lead listing makes) on a site of 1,000 and of 100,000 leads,
// as a ratio: the counts are kept as reports arrive, so a read should not grow with the leads. The leads are
// fed to the insights object as lead objects report them (keys, scores, days) and their outcomes recorded,
// directly, since 100,000 leads through HTTP would take the bench an hour. (2) Through the real app: the
// rows changed per beacon in every object it touches, and the share the insights object adds (lead
// objects' notes ride in their state row and with their index writes, batched a minute per index object); and
// the rows changed per recorded conversion. Lines starting
// with "BENCH" are the figures.
import { createExecutionContext, env, runDurableObjectAlarm, runInDurableObject, SELF } from 'cloudflare:test';
import { app } from '../src/app';
import { it } from 'vitest';
import type { InsightsObject } from '../src/insights/InsightsObject';
import type { OutcomeRecord } from '../src/insights/InsightsStore';
import { indexObject, insightsObject, leadObject, siteObject } from '../src/objects';
import { indexShardNames } from '../src/site/indexShards';
import { siteConfigSchema } from '../src/site/siteConfigSchema';
import type { VersionedConfig } from '../src/site/versionedConfig';
import { visitorObjectName } from '../src/lead/leadName';
import { seeded } from '../../scripts/seeded.mjs';

const out = (line: string) => console.log(`BENCH ${line}`);
const DAY = 86_400_000;
const config: VersionedConfig = {
  rev: 1,
  version: 'bench',
  config: siteConfigSchema.parse({
    bands: { warm: 40, hot: 80 },
    rules: [
      { id: 'pricing', when: { type: 'pageview', path: '/pricing*' }, points: 10, max: 30 },
      { id: 'careers', when: { type: 'pageview', path: '/careers*' }, points: -15 },
      { id: 'downloads', when: { type: 'download' }, points: 10, max: 30 },
      { id: 'visits', when: { type: 'visit' }, points: 5, max: 25 },
      { id: 'webinar', when: { type: 'event', name: 'webinar_signup' }, points: 40 },
    ],
  }),
};

/** Feeds `n` leads as lead objects report them: 3–9 keys of 60 paths, events and downloads, a score, a day; 8 % won. */
async function seed(site: string, n: number): Promise<void> {
  const rnd = seeded(n);
  const paths = ['/', '/product', '/pricing', '/pricing/team', '/careers', '/resources', '/contact', ...Array.from({ length: 53 }, (_, i) => `/blog/post-${i}`)];
  const stub = insightsObject(env, site);
  const now = Date.now();
  for (let from = 0; from < n; from += 2000) {
    await runInDurableObject(stub, (o: InsightsObject) => {
      o.store.syncRules([]);
      o.trendStore.roll(now);
      const outcomes: OutcomeRecord[] = [];
      for (let i = from; i < Math.min(n, from + 2000); i++) {
        const lead = `${site}/v/lead${i}`;
        const keys = new Set(['visit']);
        if (rnd() < 0.4) keys.add('identify');
        for (let k = 0; k < 1 + Math.floor(rnd() * 6); k++) keys.add(`pageview ${paths[Math.floor(rnd() ** 2 * paths.length)]}`);
        if (rnd() < 0.3) keys.add(`download /files/${rnd() < 0.5 ? 'guide.pdf' : 'roi.xlsx'}`);
        if (rnd() < 0.15) keys.add('event webinar_signup');
        const at = now - Math.floor(rnd() * 30 * DAY);
        const score = Math.floor(rnd() * 101);
        o.store.note(lead, { keys: [...keys].map((key) => ({ key, at })), score, day: Math.floor(now / DAY) }, now);
        if (rnd() < 0.08) outcomes.push({ id: `o${i}`, lead, outcome: 'won', at: at + DAY, value: 1000, score, keys: [...keys].slice(0, -1), rev: 1 });
      }
      o.store.record(outcomes, now);
    });
  }
}

async function time(run: () => Promise<unknown>, runs: number): Promise<number> {
  for (let i = 0; i < 5; i++) await run();
  const xs: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await run();
    xs.push(performance.now() - t);
  }
  return xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
}

it('insights read time from 1,000 to 100,000 leads', async () => {
  const sizes = [1_000, 100_000];
  const sites = sizes.map((n) => `bench-${n}-${crypto.randomUUID().slice(0, 6)}`);
  for (const [i, n] of sizes.entries()) {
    const t = performance.now();
    await seed(sites[i]!, n);
    out(`seeded ${n} leads in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  }
  const insights: number[] = [];
  const calibration: number[] = [];
  // Interleaved, so that both sizes see the same machine.
  for (let round = 0; round < 5; round++) {
    for (const [i] of sizes.entries()) {
      const stub = insightsObject(env, sites[i]!);
      insights[i] = (insights[i] ?? 0) + (await time(() => stub.insights(config), 20)) / 5;
      calibration[i] = (calibration[i] ?? 0) + (await time(() => stub.calibration(config), 20)) / 5;
    }
  }
  const check = await insightsObject(env, sites[1]!).insights(config);
  out(`100,000-lead site: ${check.overall.leads} leads, ${check.overall.conversions} conversions, ${check.rules.length} rules, ${check.candidates.length} candidates`);
  for (const [i, n] of sizes.entries()) out(`insights read, ${String(n).padStart(7)} leads: median ${insights[i]!.toFixed(2)} ms; calibration read (per listing): ${calibration[i]!.toFixed(2)} ms`);
  out(`ratio 100,000 / 1,000 leads: insights ${(insights[1]! / insights[0]!).toFixed(2)}×, calibration ${(calibration[1]! / calibration[0]!).toFixed(2)}× (leads: 100×)`);
});

it('rows written per beacon and per conversion, through the app', async () => {
  // SQLite's total_changes(): rows inserted, updated or deleted on the object's database since it started
  // (index entries not counted), read in each object the traffic touched.
  const changes = (stub: DurableObjectStub) => runInDurableObject(stub, (_o, state) => state.storage.sql.exec<{ n: number }>('SELECT total_changes() AS n').one().n);
  const site = `bench-rows-${crypto.randomUUID().slice(0, 6)}`;
  await siteObject(env, site).putConfig(config.config as never, site);
  // 120 visitors: each new object of an isolate makes the test pool wrap the object class's prototype once
  // more (cloudflare/workers-sdk#15092), and with 300 a collect overflowed the stack (RangeError, a 500).
  const visitors = Array.from({ length: 120 }, (_, i) => `bench${String(i).padStart(4, '0')}${crypto.randomUUID().replace(/-/g, '').slice(0, 12)}`);
  const rnd = seeded(7);
  const pages = ['/', '/product', '/pricing', '/blog/post-1', '/blog/post-2', '/resources', '/careers'];
  const objects = () => visitors.map((v) => leadObject(env, visitorObjectName(site, v)));
  const shards = () => indexShardNames(site).map((n) => indexObject(env, n));
  const siteStub = siteObject(env, site);
  const insightsStub = insightsObject(env, site);
  const [site0, insights0] = [await changes(siteStub), await changes(insightsStub)];
  let index0 = 0;
  for (const stub of shards()) index0 += await changes(stub);
  const billed0 = await runInDurableObject(insightsStub, (o: InsightsObject) => o.store.rowsWritten + o.trendStore.rowsWritten);
  let beacons = 0;
  // Ten beacons per visitor, as a visit of a few pages would send them (1–3 events each), 25 at a time.
  for (let round = 0; round < 10; round++) {
    for (let at = 0; at < visitors.length; at += 25) {
      await Promise.all(
        visitors.slice(at, at + 25).map(async (visitor) => {
          const events = Array.from({ length: 1 + Math.floor(rnd() * 3) }, () => {
            const r = rnd();
            const id = crypto.randomUUID().replace(/-/g, '');
            if (r < 0.1) return { id, type: 'visit', ts: Date.now() };
            if (r < 0.15) return { id, type: 'download', ts: Date.now(), url: '/files/guide.pdf' };
            if (r < 0.18) return { id, type: 'event', ts: Date.now(), name: 'webinar_signup' };
            return { id, type: 'pageview', ts: Date.now(), path: pages[Math.floor(rnd() * pages.length)] };
          });
          // app.fetch, not SELF.fetch: the pool stacks a proxy per SELF request (cloudflare/workers-sdk#15092).
          const res = await app.fetch(new Request('http://127.0.0.1:8787/v1/collect', { method: 'POST', headers: { 'Content-Type': 'text/plain' }, body: JSON.stringify({ site, visitor, events }) }), env, createExecutionContext());
          if (res.status !== 200) throw new Error(`collect ${res.status}`);
          await res.arrayBuffer();
          beacons++;
        }),
      );
    }
  }
  // Publishes held back to the end of the minute are not in these figures (they write no insights rows).
  // The index objects hand their batches to the insights object when their minute is up: ring them now.
  for (const stub of shards()) await runDurableObjectAlarm(stub);
  let leads = 0;
  for (const stub of objects()) leads += await changes(stub);
  let index = -index0;
  for (const stub of shards()) index += await changes(stub);
  const store = (await changes(insightsStub)) - insights0;
  const all = leads + index + (await changes(siteStub)) - site0 + store;
  const billed = (await runInDurableObject(insightsStub, (o: InsightsObject) => o.store.rowsWritten + o.trendStore.rowsWritten)) - billed0;
  out(`beacons: ${beacons} (120 new visitors × 10, 1–3 events each: visits, 7 pages, a download, the webinar)`);
  out(`rows changed per beacon: ${(all / beacons).toFixed(2)} in all (lead objects, index objects, site object, insights object), of which the insights object ${(store / beacons).toFixed(2)} = ${((100 * store) / all).toFixed(1)} % (${(billed / beacons).toFixed(2)} with index entries, as billed); index objects ${(index / beacons).toFixed(2)} (rows and the insights outbox)`);

  const before = await changes(insightsStub);
  const billedBefore = await runInDurableObject(insightsStub, (o: InsightsObject) => o.store.rowsWritten + o.trendStore.rowsWritten);
  let leadsBefore = 0;
  for (const stub of objects().slice(0, 100)) leadsBefore += await changes(stub);
  const conversions = visitors.slice(0, 100).map((v) => ({ lead: v, outcome: 'won', at: Date.now() - 1000 }));
  const res = await SELF.fetch(`http://127.0.0.1:8787/v1/conversions?site=${site}`, { method: 'POST', headers: { Authorization: 'Bearer bench-token', 'Content-Type': 'application/json' }, body: JSON.stringify({ conversions }) });
  const body = await res.json<{ recorded: number }>();
  if (body.recorded !== 100) throw new Error(`recorded ${JSON.stringify(body)}`);
  let leadsAfter = 0;
  for (const stub of objects().slice(0, 100)) leadsAfter += await changes(stub);
  const conv = (await changes(insightsStub)) - before;
  const convBilled = (await runInDurableObject(insightsStub, (o: InsightsObject) => o.store.rowsWritten + o.trendStore.rowsWritten)) - billedBefore;
  out(`rows changed per conversion: ${(conv / 100).toFixed(1)} in the insights object (${(convBilled / 100).toFixed(1)} with index entries), ${((leadsAfter - leadsBefore) / 100).toFixed(1)} in the lead objects`);
});
