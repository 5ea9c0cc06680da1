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
