// Numbered migrations bring storage of earlier releases to the current state types.
import { abortAllDurableObjects, env, runInDurableObject } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { collect, newEventId, newVisitor } from '../../test/helpers';
import { named, newSite } from '../../test/marketer';
import { inspect } from '../../test/sites';
import { leadObject } from '../objects';
import { LEAD_SCHEMA } from './leadMigrations';
import { leadObjectName, visitorObjectName } from './leadName';

describe('lead object migrations', () => {
  it('turns a visitor state of the first release into a linked visitor, and records the version', async () => {
    const site = await newSite();
    const visitor = newVisitor();
    await collect({ site, visitor, events: [{ id: newEventId(), type: 'identify', ts: Date.now(), lead: 'old@example.com' }, ...named('p10')] });
    const lead = await leadObjectName(env.HASH_KEY, site, 'old@example.com');
    const stub = leadObject(env, visitorObjectName(site, visitor));
    // As the first release stored it: kind `visitor` with a pointer, no schema version.
    await runInDurableObject(stub, (_o, state) => {
      const old = { name: visitorObjectName(site, visitor), site, kind: 'visitor', id: visitor, pointer: lead, pointerId: 'old@example.com', traits: {}, firstSeen: 1, lastSeen: 2 };
      state.storage.sql.exec("UPDATE meta SET v = ? WHERE k = 'state'", JSON.stringify(old));
    });
    await abortAllDurableObjects();

    const after = leadObject(env, visitorObjectName(site, visitor));
    expect((await inspect(after))!.state).toMatchObject({ kind: 'linked', lead: { name: lead, id: 'old@example.com' } });
    expect((await inspect(after))!.state).not.toHaveProperty('pointer');
    const stored = await runInDurableObject(after, (_o, state) => JSON.parse(state.storage.sql.exec<{ v: string }>("SELECT v FROM meta WHERE k = 'state'").one().v));
    expect(stored.schema).toBe(LEAD_SCHEMA);
    // And it still forwards to its lead.
    expect(await (await collect({ site, visitor, events: named('p1') })).json()).toEqual({ score: 11, band: 'cold' });
  });

  it('turns an anonymous visitor of the first release into an anonymous state', async () => {
    const site = await newSite();
    const visitor = newVisitor();
    await collect({ site, visitor, events: named('p10') });
    const stub = leadObject(env, visitorObjectName(site, visitor));
    await runInDurableObject(stub, (_o, state) => {
      state.storage.sql.exec("UPDATE meta SET v = json_remove(json_set(v, '$.kind', 'visitor', '$.traits', json('{}')), '$.schema') WHERE k = 'state'");
    });
    await abortAllDurableObjects();
    const s = (await inspect(leadObject(env, visitorObjectName(site, visitor))))!;
    expect(s.state).toMatchObject({ kind: 'anonymous', id: visitor });
    expect(s.state).not.toHaveProperty('traits');
    expect(s.score).toBe(10);
  });
});

describe('migration 5: the compact layout', () => {
  it('moves raw events, folded ids and routes of the first layout into chunks, the tail and the state', async () => {
    const site = await newSite();
    const visitor = newVisitor();
    const lead = await leadObjectName(env.HASH_KEY, site, 'layout@example.com');
    const stub = leadObject(env, visitorObjectName(site, visitor));
    const ids = Array.from({ length: 70 }, (_, i) => `legacy-event-${String(i).padStart(3, '0')}`);
    const now = Date.now();
    // An anonymous visitor as release 4 stored it: 70 events a row each, two folded ids, no schema 5.
    await runInDurableObject(stub, (_o, state) => {
      const sql = state.storage.sql;
      sql.exec(`
        CREATE TABLE meta (k TEXT PRIMARY KEY, v TEXT NOT NULL);
        CREATE TABLE events (id TEXT PRIMARY KEY, type TEXT NOT NULL, ts INTEGER NOT NULL, visitor TEXT NOT NULL, data TEXT NOT NULL);
        CREATE TABLE seen (id TEXT PRIMARY KEY, ts INTEGER NOT NULL);
        CREATE TABLE routes (id TEXT PRIMARY KEY, dest TEXT NOT NULL, at INTEGER NOT NULL);
      `);
      for (const [i, id] of ids.entries()) sql.exec('INSERT INTO events VALUES (?, ?, ?, ?, ?)', id, 'event', now - 1000 + i, visitor, JSON.stringify({ name: 'p1' }));
      sql.exec("INSERT INTO seen VALUES ('folded-one', 1), ('folded-two', 2)");
      const config = { config: { origins: [], rules: [{ id: 'p1', when: { type: 'event', name: 'p1' }, points: 1 }], bands: { warm: 40, hot: 80 } }, version: 'v', rev: 1 };
      sql.exec("INSERT INTO meta VALUES ('config', ?)", JSON.stringify(config));
      sql.exec("INSERT INTO meta VALUES ('state', ?)", JSON.stringify({ schema: 4, kind: 'anonymous', name: visitorObjectName(site, visitor), site, id: visitor, firstSeen: now, lastSeen: now }));
    });
    await abortAllDurableObjects();

    const after = leadObject(env, visitorObjectName(site, visitor));
    const seen = await inspect(after);
    expect(seen!.events.map((e) => e.id)).toEqual(ids);
    expect(seen!.score).toBe(70);
    const tables = await runInDurableObject(after, (_o, state) => state.storage.sql.exec<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'table'").toArray().map((t) => t.name));
    expect(tables).not.toContain('events');
    expect(tables).not.toContain('seen');
    expect(tables).toContain('chunks');
    // Still counted once: a raw id and a folded id sent again add nothing.
    const again = [{ id: ids[5]!, type: 'event', ts: now, name: 'p1' }, { id: 'folded-two', type: 'event', ts: now, name: 'p1' }];
    expect(await (await collect({ site, visitor, events: again })).json()).toMatchObject({ score: 70 });

    // A linked visitor's routes move into its state.
    const linkedVisitor = newVisitor();
    const linkedStub = leadObject(env, visitorObjectName(site, linkedVisitor));
    await runInDurableObject(linkedStub, (_o, state) => {
      const sql = state.storage.sql;
      sql.exec(`
        CREATE TABLE meta (k TEXT PRIMARY KEY, v TEXT NOT NULL);
        CREATE TABLE routes (id TEXT PRIMARY KEY, dest TEXT NOT NULL, at INTEGER NOT NULL);
      `);
      sql.exec("INSERT INTO routes VALUES ('r-one-event', ?, 1), ('r-two-event', '', 2)", lead);
      sql.exec("INSERT INTO meta VALUES ('state', ?)", JSON.stringify({ schema: 4, kind: 'linked', name: visitorObjectName(site, linkedVisitor), site, id: linkedVisitor, firstSeen: now, lastSeen: now, lead: { name: lead, id: 'layout@example.com' } }));
    });
    await abortAllDurableObjects();
    const linked = (await inspect(leadObject(env, visitorObjectName(site, linkedVisitor))))!;
    expect(linked.routes).toEqual([lead, '']);
    expect(linked.state).toMatchObject({ kind: 'linked', routes: [['r-one-event', 0], ['r-two-event', 1]] });
  });
});
