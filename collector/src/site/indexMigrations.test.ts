// An index object of an earlier release (schema 1: no grade, stage or model rows) is brought up to date in
// place: its rows stay, and list and upsert work with the new columns (issue 13).
import { env, runInDurableObject } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { indexObject } from '../objects';
import type { IndexObject } from './IndexObject';
import { INDEX_MIGRATIONS, migrateIndexStorage } from './indexMigrations';
import { LeadIndex } from './LeadIndex';

describe('index object migrations', () => {
  it('adds grade, stage and model rows to a schema-1 index, keeping its rows', async () => {
    const stub = indexObject(env, `migrate-${crypto.randomUUID()}`);
    const rows = await runInDurableObject(stub, (_o: IndexObject, state) => {
      const sql = state.storage.sql;
      // As release 1 left it.
      sql.exec(`DROP TABLE lead_models; DROP TABLE leads;
        CREATE TABLE leads (name TEXT PRIMARY KEY, id TEXT NOT NULL, score INTEGER NOT NULL, band TEXT NOT NULL,
          last_seen INTEGER NOT NULL, identified INTEGER NOT NULL, rev INTEGER NOT NULL) WITHOUT ROWID;
        CREATE INDEX leads_by_score ON leads (score DESC, name);
        INSERT INTO leads VALUES ('s/l/a', 'ana@example.com', 50, 'warm', 1, 1, 3);
        UPDATE meta SET v = '1' WHERE k = 'schema'`);
      migrateIndexStorage(sql);
      const index = new LeadIndex(sql);
      const before = index.list({ limit: 10, withModels: true });
      index.upsert({ name: 's/l/b', id: 'bo@example.com', score: 20, band: 'cold', lastSeen: 2, identified: true, rev: 3, extras: { grade: null, stage: 'mql', models: [{ id: 'billing', score: 60, band: 'hot', grade: null }] } });
      return { before, after: index.list({ limit: 10, sort: 'billing', withModels: true }), schema: sql.exec<{ v: string }>("SELECT v FROM meta WHERE k = 'schema'").one().v };
    });
    expect(rows.schema).toBe(String(INDEX_MIGRATIONS.length));
    expect(rows.before).toEqual([{ name: 's/l/a', id: 'ana@example.com', score: 50, band: 'warm', lastSeen: 1, identified: true }]);
    expect(rows.after).toEqual([{ name: 's/l/b', id: 'bo@example.com', score: 20, band: 'cold', lastSeen: 2, identified: true, extras: { grade: null, stage: 'mql', models: [{ id: 'billing', score: 60, band: 'hot', grade: null }] }, sortScore: 60 }]);
  });
});
