// Bounded growth (issue 14): an anonymous visitor that never scored is not listed and is forgotten after a
// month idle; one that scored, or came back, stays.
import { runDurableObjectAlarm, runInDurableObject } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { collect, newEventId, newVisitor, pageview } from '../../test/helpers';
import { named, newSite } from '../../test/marketer';
import { inspect, visitorStub } from '../../test/sites';
import { ANONYMOUS_IDLE_DAYS } from './alarmPlan';
import type { LeadObject } from './LeadObject';
import { DAY } from '../time';

const rows = (visitor: string, site: string) =>
  runInDurableObject(visitorStub(site, visitor), (_o: LeadObject, state) => {
    const tables = state.storage.sql.exec<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' AND substr(name, 1, 4) != '_cf_'").toArray();
    return tables.reduce((n, t) => n + state.storage.sql.exec<{ n: number }>(`SELECT COUNT(*) AS n FROM "${t.name}"`).one().n, 0);
  });

describe('an anonymous visitor that never scored', () => {
  it('is forgotten when its month idle is up: no state, no rows, no alarm', async () => {
    const site = await newSite();
    const visitor = newVisitor();
    await collect({ site, visitor, events: [pageview('/nowhere')] });
    // Its notes for insights go first (within a minute); then the alarm waits for the month.
    const alarmOf = () => runInDurableObject(visitorStub(site, visitor), (_o: LeadObject, state) => state.storage.getAlarm());
    expect(await alarmOf()).toBeLessThan(Date.now() + 2 * 60_000);
    expect(await runDurableObjectAlarm(visitorStub(site, visitor))).toBe(true);
    const alarm = await alarmOf();
    expect(alarm).toBeGreaterThan(Date.now() + (ANONYMOUS_IDLE_DAYS - 1) * DAY);
    // A later beacon with nothing new does not move the alarm (a move is a write).
    await new Promise((r) => setTimeout(r, 5));
    await collect({ site, visitor, events: [pageview('/nowhere')] });
    expect(await alarmOf()).toBe(alarm);
    // The alarm stands for the month passing since it was first seen; it was active since: kept.
    expect(await runDurableObjectAlarm(visitorStub(site, visitor))).toBe(true);
    expect(await inspect(visitorStub(site, visitor))).not.toBeNull();
    // A month after its last beacon: gone.
    expect(await runDurableObjectAlarm(visitorStub(site, visitor))).toBe(true);
    expect(await inspect(visitorStub(site, visitor))).toBeNull();
    expect(await rows(visitor, site)).toBe(0);
    expect(await runInDurableObject(visitorStub(site, visitor), (_o: LeadObject, state) => state.storage.getAlarm())).toBeNull();
  });

  it('is kept once it scored', async () => {
    const site = await newSite();
    const visitor = newVisitor();
    await collect({ site, visitor, events: [{ id: newEventId(), type: 'visit', ts: Date.now() }, ...named('p1')] });
    await runDurableObjectAlarm(visitorStub(site, visitor));
    expect((await inspect(visitorStub(site, visitor)))!.score).toBe(1);
  });
});
