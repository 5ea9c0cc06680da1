// A lead's visitors live in their own table (LeadVisitors.ts): however many identify as one lead, the
// state row rewritten on every beacon stays small, and the details list the first 100 with their count.
import { abortAllDurableObjects, env, runInDurableObject } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { leadObject } from '../objects';
import { leadObjectName } from './leadName';
import { getSiteConfig } from '../site/siteConfig';
import { collect, identify, newVisitor } from '../../test/helpers';
import { getJson, named, newSite } from '../../test/marketer';


describe('a lead with many visitors', () => {
  it('keeps its state row small and lists the first 100 visitors with their count', async () => {
    const site = await newSite();
    const lead = 'crowd@example.com';
    const first = newVisitor();
    expect((await collect({ site, visitor: first, events: [identify(lead), ...named('p1')] })).status).toBe(200);
    const name = await leadObjectName(env.HASH_KEY, site, lead);
    const stub = leadObject(env, name);
    const config = (await getSiteConfig(env, site, true))!;
    // 2,000 more visitors with ids of the longest length allowed, as their objects forward them; at
    // ~31,000 a list inside the state row passed SQLite's row limit and every beacon failed.
    const more = Array.from({ length: 2_000 }, (_, i) => `v${i}`.padEnd(64, '_'));
    for (let i = 0; i < more.length; i += 100) {
      await Promise.all(more.slice(i, i + 100).map((visitor) => stub.ingest({ name, site, id: lead, visitor, events: [], now: Date.now(), config })));
    }

    const stateBytes = await runInDurableObject(stub, (_o, state) => state.storage.sql.exec<{ n: number }>("SELECT length(v) AS n FROM meta WHERE k = 'state'").one().n);
    expect(stateBytes).toBeLessThan(2_048);

    const details = await getJson(`/v1/leads/${encodeURIComponent(lead)}?site=${site}`);
    expect(details.visitorCount).toBe(2_001);
    // In the order they came: the first, then 99 of the first batch (which arrived concurrently).
    expect(details.visitors).toHaveLength(100);
    expect(details.visitors[0]).toBe(first);
    expect(new Set(details.visitors.slice(1)).size).toBe(99);
    for (const v of details.visitors.slice(1)) expect(more.slice(0, 100)).toContain(v);
    // A visitor seen again is not counted twice, and beacons go on.
    expect((await collect({ site, visitor: first, events: named('p1') })).status).toBe(200);
    expect((await getJson(`/v1/leads/${first}?site=${site}`)).visitorCount).toBe(2_001);
  }, 60_000);

  it('moves the visitors of a state saved with them inline into their table when the object starts', async () => {
    const site = await newSite();
    const lead = 'legacy@example.com';
    const [a, b, c] = [newVisitor(), newVisitor(), newVisitor()];
    await collect({ site, visitor: a, events: [identify(lead), ...named('p1')] });
    const name = await leadObjectName(env.HASH_KEY, site, lead);
    // As an earlier release stored it: the list inside the state row, no rows in the table, and the
    // schema version before visitors had their table.
    await runInDurableObject(leadObject(env, name), (_o, state) => {
      state.storage.sql.exec("UPDATE meta SET v = json_set(v, '$.visitors', json(?), '$.schema', 2) WHERE k = 'state'", JSON.stringify([a, b, c]));
      state.storage.sql.exec('DELETE FROM visitors');
    });
    // The object restarts from storage (stubs made before do not survive it).
    await abortAllDurableObjects();

    expect(await getJson(`/v1/leads/${encodeURIComponent(lead)}?site=${site}`)).toMatchObject({ visitors: [a, b, c], visitorCount: 3, score: 1 });
    const state = await runInDurableObject(leadObject(env, name), (_o, s) => JSON.parse(s.storage.sql.exec<{ v: string }>("SELECT v FROM meta WHERE k = 'state'").one().v));
    expect(state).not.toHaveProperty('visitors');
    expect(state).toMatchObject({ id: lead, kind: 'lead' });
  });
});
