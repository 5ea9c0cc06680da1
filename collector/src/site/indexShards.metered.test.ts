// No hot object per site (issue 14): counted with the meter (METER=1, collector/src/meter/), a site's beacons
// call its site object about once per isolate per configuration cache period, each of its INDEX_SHARDS index
// objects a small share of beacons, and its insights object only in batches; each beacon calls one object,
// the visitor's. docs/performance.md turns these shares into the beacon rate one site can sustain.
import { createExecutionContext, env, runDurableObjectAlarm, waitOnExecutionContext } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { app } from '../app';
import type { Env } from '../env';
import { visitorObjectName } from '../lead/leadName';
import { readMeter } from '../meter/meter';
import { meteredEnv } from '../meter/meteredEnv';
import { indexObject, leadObject } from '../objects';
import { createSite } from '../../test/sites';
import { ORIGIN } from '../../test/helpers';
import { INDEX_SHARDS, indexShardNames } from './indexShards';

const VISITORS = 64;
const BEACONS_EACH = 3;
/** Every pageview adds points and no band is ever reached: the score, and so the index row, changes with every beacon. */
const rules = [{ id: 'pages', when: { type: 'pageview' as const }, points: 1 }];

async function beacon(site: string, visitor: string, round: number): Promise<void> {
  const ts = Date.now();
  const id = () => `e${crypto.randomUUID().replace(/-/g, '')}`;
  const events = [
    ...(round === 0 ? [{ id: id(), type: 'visit', ts }] : [{ id: id(), type: 'engaged', ts, path: '/', ms: 5_000 }]),
    { id: id(), type: 'pageview', ts, path: `/page-${round}` },
    // A page view's web vitals: they wait in the visitor's object for its next index write.
    { id: id(), type: 'vitals', ts, path: `/page-${round}`, lcp: 1_200, inp: 80, cls: 0.02 },
  ];
  const ctx = createExecutionContext();
  const res = await app.fetch(new Request(`${ORIGIN}/v1/collect`, { method: 'POST', headers: { 'Content-Type': 'text/plain' }, body: JSON.stringify({ site, visitor, events }) }), meteredEnv(env as Env), ctx);
  await waitOnExecutionContext(ctx);
  expect(res.status).toBe(200);
}

describe('calls per beacon to the objects of one site', () => {
  it('calls the site object once per configuration cache period, each index object at most a quarter of beacons, the insights object not at all', async () => {
    expect(env.METER).toBe('1');
    const site = await createSite({ rules, bands: { warm: 90, hot: 99 } });
    const visitors = Array.from({ length: VISITORS }, (_, i) => `share${String(i).padStart(4, '0')}visitor`);
    readMeter(true);
    const started = Date.now();
    for (let round = 0; round < BEACONS_EACH; round++) for (const v of visitors) await beacon(site, v, round);
    const elapsed = Date.now() - started;
    // The deferred work these beacons caused: held-back publishes and vitals hand-overs (each visitor's alarm),
    // then each index object's batch of insight notes (its alarm).
    for (const v of visitors) await runDurableObjectAlarm(leadObject(env, visitorObjectName(site, v)));
    for (const name of indexShardNames(site)) await runDurableObjectAlarm(indexObject(env, name));
    const meter = readMeter(true);

    const beacons = VISITORS * BEACONS_EACH;
    const calls = (cls: string, name: string) => meter.callsPerObject[`${cls} ${name}`] ?? 0;
    // One object call per beacon: the visitor's.
    expect(meter.objectCalls['lead.collect']).toBe(beacons);
    // The site object: one configuration read per 5 s cache period of this isolate (workerd's clock moves
    // with I/O, so the loop may span a few periods), however many beacons.
    const siteCalls = calls('site', site);
    expect(siteCalls).toBeGreaterThanOrEqual(1);
    expect(siteCalls).toBeLessThanOrEqual(Math.ceil(elapsed / 5_000) + 1);
    expect(siteCalls / beacons).toBeLessThan(0.02);
    // Each index object: its share of the visitors' row writes (vitals ride with them), never every beacon.
    const shards = indexShardNames(site).map((name) => calls('index', name));
    expect(shards.filter((n) => n > 0)).toHaveLength(INDEX_SHARDS);
    for (const n of shards) expect(n / beacons).toBeLessThanOrEqual(0.25);
    const indexCalls = shards.reduce((a, b) => a + b, 0);
    expect(indexCalls / beacons).toBeLessThanOrEqual(1);
    // The insights object: only the index objects' batches, at most one per index object.
    expect(calls('insights', site)).toBeLessThanOrEqual(INDEX_SHARDS);
    console.log(
      `${beacons} beacons of ${VISITORS} visitors: site object ${siteCalls} call(s) (${elapsed} ms), index objects ${shards.join('/')} (${(indexCalls / beacons).toFixed(3)} per beacon, ` +
        `busiest ${(Math.max(...shards) / beacons).toFixed(3)}), insights object ${calls('insights', site)}`,
    );
  }, 60_000);
});
