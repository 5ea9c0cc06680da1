// An index object's batch for insights (InsightsOutbox.ts): the reports of leads with a row ride in that row,
// written anyway by the upsert, so a lead's report costs no row of its own; the batch goes a minute later
// with every row marked in it, and is found again by a new instance of the object.
import { env, runDurableObjectAlarm, runInDurableObject } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { indexObject } from '../objects';
import { insightCounts, insightsRows } from '../../test/outcomes';
import type { IndexObject } from './IndexObject';
import { InsightsOutbox } from './InsightsOutbox';
import { LeadIndex } from './LeadIndex';

const entry = (name: string, score: number) => ({ name, id: name, score, band: 'cold' as const, lastSeen: 1, identified: false, rev: 1 });
const changes = (sql: SqlStorage) => sql.exec<{ n: number }>('SELECT total_changes() AS n').one().n;

describe('insights batch of an index object', () => {
  it('writes no row of its own per report: a row per upsert, and the batch opened and closed once', async () => {
    const site = `outbox-${crypto.randomUUID().slice(0, 8)}`;
    const stub = indexObject(env, `${site}/0`);
    const now = Date.now();
    const day = Math.floor(now / 86_400_000);
    const written = await runInDurableObject(stub, async (o: IndexObject, state) => {
      const before = changes(state.storage.sql);
      // Ten leads, each upserted twice in the minute: keys on the first, a new key and a new score on the second.
      for (let i = 0; i < 10; i++) await o.upsertLead(site, entry(`${site}/v/l${i}`, 10), { notes: { keys: [{ key: 'pageview /pricing', at: now }], day } }, now);
      for (let i = 0; i < 10; i++) await o.upsertLead(site, entry(`${site}/v/l${i}`, 20 + i), { notes: { keys: [{ key: 'visit', at: now }] } }, now);
      return changes(state.storage.sql) - before;
    });
    // 20 row writes, the batch opened (one meta row) and its alarm: before, each report also rewrote the batch's row.
    expect(written).toBeLessThanOrEqual(22);
    expect((await insightCounts(site)).all.get('*') ?? 0).toBe(0);

    const atFlush = await runInDurableObject(stub, (_o: IndexObject, state) => changes(state.storage.sql));
    expect(await runDurableObjectAlarm(stub)).toBe(true);
    const afterFlush = await runInDurableObject(stub, (_o: IndexObject, state) => changes(state.storage.sql));
    // The batch closed (one row) and the alarm that rang cleared (one): nothing written per lead.
    expect(afterFlush - atFlush).toBeLessThanOrEqual(2);
    const counts = (await insightCounts(site)).all;
    expect(counts.get('*')).toBe(10);
    expect(counts.get('k:pageview /pricing')).toBe(10);
    expect(counts.get('k:visit')).toBe(10);
    // Each lead counts at the score of its last upsert.
    expect(counts.get('s:10') ?? 0).toBe(0);
    expect((await insightsRows(site, `${site}/v/l3`)).features).toEqual(['*', 'k:pageview /pricing', 'k:visit', 's:23']);
    // Nothing is sent twice: the next alarm has no batch.
    expect(await runDurableObjectAlarm(stub)).toBe(false);
  });

  it('finds the rows of an open batch in a new instance of the object, and sends the reports of leads without a row too', async () => {
    const site = `outbox-${crypto.randomUUID().slice(0, 8)}`;
    const stub = indexObject(env, `${site}/0`);
    const now = Date.now();
    await runInDurableObject(stub, async (o: IndexObject, state) => {
      await o.upsertLead(site, entry(`${site}/v/a`, 30), { notes: { keys: [{ key: 'download /guide.pdf', at: now }] } }, now);
      await o.addPending(site, `${site}/v/b`, { notes: { keys: [{ key: 'pageview /careers', at: now }] } }, now);
      // What a new instance (after the object was evicted) has to go on: its storage.
      const fresh = new InsightsOutbox(state.storage.sql, state.storage, env, new LeadIndex(state.storage.sql));
      await fresh.flush(now + 61_000);
    });
    expect((await insightsRows(site, `${site}/v/a`)).features).toEqual(['*', 'k:download /guide.pdf', 's:30']);
    expect((await insightsRows(site, `${site}/v/b`)).features).toEqual(['*', 'k:pageview /careers']);
  });

  it('sends a batch saved by the release before, which kept every report in its own row', async () => {
    const site = `outbox-${crypto.randomUUID().slice(0, 8)}`;
    const stub = indexObject(env, `${site}/0`);
    const now = Date.now();
    await runInDurableObject(stub, async (_o: IndexObject, state) => {
      const legacy = { site, due: now, reports: { [`${site}/v/c`]: { keys: [{ key: 'visit', at: now }], score: 5 } } };
      state.storage.sql.exec("INSERT INTO meta (k, v) VALUES ('insights', ?)", JSON.stringify(legacy));
      await new InsightsOutbox(state.storage.sql, state.storage, env, new LeadIndex(state.storage.sql)).flush(now);
    });
    expect((await insightsRows(site, `${site}/v/c`)).features).toEqual(['*', 'k:visit', 's:5']);
  });
});
