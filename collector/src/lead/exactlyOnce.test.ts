// No signal lost or counted twice (SPEC.md §5, issue 4 point 5): concurrent beacons for one lead from
// several visitors, identifies racing anonymous beacons, retries of the same event ids, and every
// object restarted from storage in between. The restart of a real `wrangler dev` is e2e/restart.test.ts.
import { abortAllDurableObjects } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { collect, newEventId, newVisitor } from '../../test/helpers';
import { createSite, explainLead, inspect, visitorStub } from '../../test/sites';

const rules = [{ id: 'x', when: { type: 'event' as const, name: 'x' }, points: 1 }];
type Ev = { id: string; type: string; ts: number; name?: string; lead?: string };
const x = (): Ev => ({ id: newEventId(), type: 'event', ts: Date.now(), name: 'x' });

/** Sends each batch as its own beacon, all at once; every one must be accepted. */
async function fire(site: string, beacons: [string, Ev[]][]) {
  const replies = await Promise.all(beacons.map(([visitor, events]) => collect({ site, visitor, events })));
  expect(replies.map((r) => r.status)).toEqual(beacons.map(() => 200));
}

describe('exactly once', () => {
  it('counts every signal once across concurrent devices, racing identifies, retries and restarts', async () => {
    const site = await createSite({ rules });
    const lead = `buyer-${crypto.randomUUID()}@example.com`;
    const visitors = Array.from({ length: 4 }, newVisitor);
    const first = new Map(visitors.map((v) => [v, Array.from({ length: 20 }, x)]));

    // Round 1: each device sends 4 signals while anonymous, then, all at once, its identify races its
    // 16 other signals, and 5 signals are sent again while the first send is still in flight.
    await fire(site, visitors.map((v): [string, Ev[]] => [v, first.get(v)!.slice(0, 4)]));
    await fire(site, [
      ...visitors.flatMap((v) => first.get(v)!.slice(4, 12).map((e): [string, Ev[]] => [v, [e]])),
      ...visitors.map((v): [string, Ev[]] => [v, [{ id: newEventId(), type: 'identify', ts: Date.now(), lead }]]),
      ...visitors.flatMap((v) => first.get(v)!.slice(12).map((e): [string, Ev[]] => [v, [e]])),
      ...visitors.flatMap((v) => first.get(v)!.slice(2, 7).map((e): [string, Ev[]] => [v, [e]])),
    ]);

    const ids = (events: { id: string; type: string }[]) => events.filter((e) => e.type === 'event').map((e) => e.id).sort();
    const afterFirst = (await explainLead(site, lead))!;
    expect(ids(afterFirst.events)).toEqual(ids(visitors.flatMap((v) => first.get(v)!)));

    // Every object restarts from storage (in-memory state gone), as after an eviction or a deploy.
    await abortAllDurableObjects();

    // Round 2, all at once: the devices resend everything of round 1 (an outbox that never saw its
    // replies) in batches, and 5 new signals each.
    const second = new Map(visitors.map((v) => [v, Array.from({ length: 5 }, x)]));
    await fire(site, [
      ...visitors.map((v): [string, Ev[]] => [v, first.get(v)!.slice(0, 10)]),
      ...visitors.map((v): [string, Ev[]] => [v, first.get(v)!.slice(10)]),
      ...visitors.flatMap((v) => second.get(v)!.map((e): [string, Ev[]] => [v, [e]])),
    ]);
    await abortAllDurableObjects();
    await fire(site, visitors.map((v): [string, Ev[]] => [v, [...second.get(v)!, ...first.get(v)!.slice(0, 3)]]));

    const info = (await explainLead(site, lead))!;
    expect(ids(info.events)).toEqual(ids(visitors.flatMap((v) => [...first.get(v)!, ...second.get(v)!])));
    expect(info.contributions).toEqual([{ rule: 'x', points: 100, count: 100 }]);
    expect(info.visitors.sort()).toEqual([...visitors].sort());
    // Nothing stayed behind in the devices' own objects.
    for (const v of visitors) expect((await inspect(visitorStub(site, v), info.state.config))!.events).toEqual([]);
  });

  it('counts an anonymous visitor’s concurrent duplicate beacons once, and after a restart', async () => {
    const site = await createSite({ rules });
    const visitor = newVisitor();
    const events = Array.from({ length: 30 }, x);
    await fire(site, [...events.map((e): [string, Ev[]] => [visitor, [e]]), ...events.map((e): [string, Ev[]] => [visitor, [e]])]);
    await abortAllDurableObjects();
    const res = await collect({ site, visitor, events: events.slice(0, 50) });
    expect(await res.json()).toEqual({ score: 30, band: 'cold' });
  });
});
