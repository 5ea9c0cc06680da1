// What one page view costs in storage (issue 14), counted with the meter (METER=1, collector/src/meter/): an
// anonymous visitor browsing five pages of the demo's rules as the SDK sends them, then the deferred work
// (the end-of-minute publish, the hand-over of insight notes). The lead's state row is written once per
// beacon at most (StateStore.ts), its alarm moved only when what is due changes.
import { createExecutionContext, env, runDurableObjectAlarm, waitOnExecutionContext } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { app } from '../app';
import type { Env } from '../env';
import { readMeter } from '../meter/meter';
import { meteredEnv } from '../meter/meteredEnv';
import { indexObject } from '../objects';
import demoConfig from '../site/demoConfig.json';
import { indexShardNames } from '../site/indexShards';
import { createSite, visitorStub } from '../../test/sites';
import { newEventId, newVisitor, ORIGIN } from '../../test/helpers';

const PAGES = ['/', '/product', '/blog/closing-the-books-faster', '/pricing', '/resources'];

async function beacon(site: string, visitor: string, events: object[]): Promise<void> {
  const ctx = createExecutionContext();
  const body = JSON.stringify({ site, visitor, events });
  const res = await app.fetch(new Request(`${ORIGIN}/v1/collect`, { method: 'POST', headers: { 'Content-Type': 'text/plain' }, body }), meteredEnv(env as Env), ctx);
  await waitOnExecutionContext(ctx);
  expect(res.status).toBe(200);
}

/** Sums the counts whose label starts with `prefix`. */
const sum = (counts: Record<string, number>, prefix = '') => Object.entries(counts).reduce((n, [k, v]) => (k.startsWith(prefix) ? n + v : n), 0);

describe('storage written per page view', () => {
  it('writes an anonymous visitor’s state row once per beacon, its alarm at most three times, its index row twice', async () => {
    expect(env.METER).toBe('1');
    const { origins: _origins, ...rules } = demoConfig;
    const site = await createSite({ ...rules, identify: { signed: false } });
    const visitors = Array.from({ length: 8 }, newVisitor);
    readMeter(true);
    let beacons = 0;
    for (const visitor of visitors) {
      // Page by page: the load's batch (a visit first, the engaged time of the page left riding with it),
      // then, at the last page, the engaged time beaconed at hide.
      let hidden: object | null = null;
      for (const [i, path] of PAGES.entries()) {
        const ts = Date.now();
        // The load's batch: the engaged time beaconed at the last hide again (never confirmed), a visit first.
        await beacon(site, visitor, [...(hidden ? [hidden] : []), ...(i === 0 ? [{ id: newEventId(), type: 'visit', ts }] : []), { id: newEventId(), type: 'pageview', ts, path }]);
        // The hide's beacon: the engaged time of the page.
        hidden = { id: newEventId(), type: 'engaged', ts: Date.now(), path, ms: 4_000 };
        await beacon(site, visitor, [hidden]);
        beacons += 2;
      }
    }
    const live = readMeter(true);
    for (const visitor of visitors) await runDurableObjectAlarm(visitorStub(site, visitor));
    for (const name of indexShardNames(site)) await runDurableObjectAlarm(indexObject(env, name));
    const deferred = readMeter(true);

    const pageViews = visitors.length * PAGES.length;
    const per = (n: number) => (n / pageViews).toFixed(2);
    console.log(`${pageViews} page views, ${beacons} beacons; rows written per page view while browsing: ${JSON.stringify(Object.fromEntries(Object.entries(live.rowsWritten).map(([k, v]) => [k, per(v)])))}; deferred: ${JSON.stringify(Object.fromEntries(Object.entries(deferred.rowsWritten).map(([k, v]) => [k, per(v)])))}`);
    console.log(`object calls: ${JSON.stringify(live.objectCalls)} deferred ${JSON.stringify(deferred.objectCalls)}; kv writes ${sum(live.kvWrites)} + ${sum(deferred.kvWrites)}`);

    // One state row per beacon; each new object also creates its table (2 rows) and stores its configuration (1).
    expect(live.rowsWritten['lead:meta']).toBeLessThanOrEqual(beacons + 3 * visitors.length);
    // The alarm: set once for the retention fold, moved once to the end of the held publish's minute (the
    // insight notes wait for the same time), set back once it rang — and nothing else.
    expect(sum(live.rowsWritten, 'lead:alarm') + sum(deferred.rowsWritten, 'lead:alarm')).toBeLessThanOrEqual(3 * visitors.length);
    // The alarm's publish writes the index row, which takes the notes along: one index call, not two.
    expect(deferred.objectCalls['index.upsertLead'] ?? 0).toBeLessThanOrEqual(visitors.length);
    expect(deferred.objectCalls['index.addPending'] ?? 0).toBe(0);
    // KV: each visitor's first score at once, the held one when its minute ends (SPEC.md §4).
    expect(sum(live.kvWrites) + sum(deferred.kvWrites)).toBe(2 * visitors.length);
  });
});
