// KV is written sparingly (issue 4 point 6, SPEC.md §4): at most once per lead per band change or per
// minute. The writes are counted from KV itself: every write carries the lead's running count as metadata.
import { runDurableObjectAlarm, runInDurableObject } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { visitorObjectName } from './leadName';
import { newEventId, newVisitor, readScore, send } from '../../test/helpers';
import { createSite, explainLead, inspect, leadStub, published, visitorStub } from '../../test/sites';
import type { LeadObject } from './LeadObject';
import type { ScoringState } from './objectState';

const DAY = 86_400_000;

/** A lead object's stored state (publishing bookkeeping included). */
const stateOf = async (stub: DurableObjectStub<LeadObject>) => (await inspect(stub))!.state as ScoringState;
const x = (ts = Date.now()) => ({ id: newEventId(), type: 'event', ts, name: 'x' });
const rules = [{ id: 'x', when: { type: 'event' as const, name: 'x' }, points: 1 }];

/** Band changes along a sequence of replies (from cold, the band of a lead with no score). */
const bandChanges = (replies: { band: string }[]) => replies.filter((r, i) => r.band !== (i ? replies[i - 1]!.band : 'cold')).length;

describe('publishing to KV', () => {
  it('writes at most once per band change or minute for 100 beacons, and the alarm publishes the latest when the minute ends', async () => {
    const site = await createSite({ rules });
    const visitor = newVisitor();
    const name = visitorObjectName(site, visitor);
    const replies = [];
    for (let i = 0; i < 100; i++) replies.push(await send(site, visitor, x()));
    expect(replies.map((r) => r.score)).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));

    const changes = bandChanges(replies);
    expect(changes).toBe(2);
    const kv = (await published(name))!;
    expect(kv.writes).toBeLessThanOrEqual(changes + 1);
    // The first score (1), the turn to warm (40) and to hot (80); 81–100 wait for the minute to end.
    expect(kv).toEqual({ score: 80, band: 'hot', writes: 3 });
    expect(await readScore(site, visitor)).toEqual({ score: 80, band: 'hot' });

    const stub = visitorStub(site, visitor);
    const { published: last } = await stateOf(stub);
    expect(await runInDurableObject(stub, (_: LeadObject, s: DurableObjectState) => s.storage.getAlarm())).toBe(last!.at + 60_000);

    expect(await runDurableObjectAlarm(stub)).toBe(true);
    expect(await published(name)).toEqual({ score: 100, band: 'hot', writes: 4 });
    expect(await readScore(site, visitor)).toEqual({ score: 100, band: 'hot' });
  });

  it('writes at most band changes + 1 times for concurrent beacons of one lead from five devices', async () => {
    const site = await createSite({ rules });
    const visitors = Array.from({ length: 5 }, newVisitor);
    const lead = `team-${crypto.randomUUID()}`;
    for (const v of visitors) await send(site, v, { id: newEventId(), type: 'identify', ts: Date.now(), lead });
    const replies = await Promise.all(Array.from({ length: 60 }, (_, i) => send(site, visitors[i % 5]!, x())));
    expect(replies.map((r) => r.score).sort((a, b) => a - b)).toEqual(Array.from({ length: 60 }, (_, i) => i + 1));
    const info = (await explainLead(site, lead))!;
    // The first score and one band change (to warm at 40).
    expect((await published(info.state.name))!.writes).toBeLessThanOrEqual(2);
    expect(await runDurableObjectAlarm(await leadStub(site, lead))).toBe(true);
    expect(await published(info.state.name)).toEqual({ score: 60, band: 'warm', writes: 3 });
  });

  it('does not write again when the score comes back to what KV holds before the minute ends', async () => {
    const site = await createSite({ rules: [...rules, { id: 'minus', when: { type: 'event', name: 'minus' }, points: -1 }] });
    const visitor = newVisitor();
    const name = visitorObjectName(site, visitor);
    await send(site, visitor, x(), x());
    await send(site, visitor, x());
    expect(await send(site, visitor, { id: newEventId(), type: 'event', ts: Date.now(), name: 'minus' })).toEqual({ score: 2, band: 'cold' });
    expect(await published(name)).toEqual({ score: 2, band: 'cold', writes: 1 });
    await runDurableObjectAlarm(visitorStub(site, visitor));
    expect(await published(name)).toEqual({ score: 2, band: 'cold', writes: 1 });
  });

  it('republishes a lead whose band changes by decay alone within a day, and otherwise leaves KV alone', async () => {
    const site = await createSite({ rules: [{ id: 'x', when: { type: 'event', name: 'x' }, points: 50 }], halfLifeDays: 1 });
    const visitor = newVisitor();
    const name = visitorObjectName(site, visitor);
    const sent = Date.now();
    expect(await send(site, visitor, x(sent))).toEqual({ score: 50, band: 'warm' });
    const stub = visitorStub(site, visitor);
    // The decay check is the alarm, due a day after the lead was scored.
    const alarm = (await runInDurableObject(stub, (_: LeadObject, s: DurableObjectState) => s.storage.getAlarm()))!;
    expect(alarm).toBeGreaterThan(sent + DAY - 5_000);
    expect(alarm).toBeLessThanOrEqual(Date.now() + DAY);

    // A day later: 25, cold — a band change, published at once.
    await runInDurableObject(stub, (o: LeadObject) => o.runDue(sent + DAY));
    expect(await published(name)).toEqual({ score: 25, band: 'cold', writes: 2 });
    // Half a day more: 18, still cold — not written; and decay cannot change a cold lead's band any more.
    await runInDurableObject(stub, (o: LeadObject) => o.runDue(sent + 1.5 * DAY));
    expect(await published(name)).toEqual({ score: 25, band: 'cold', writes: 2 });
    expect((await stateOf(stub)).decayAt).toBeUndefined();
  });
});
