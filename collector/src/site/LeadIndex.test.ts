// The lead rows of an index object: what the rescoring walk writes.
import { env, runInDurableObject } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { indexObject } from '../objects';
import type { IndexObject } from './IndexObject';
import { LeadIndex } from './LeadIndex';

const changes = (sql: SqlStorage) => sql.exec<{ n: number }>('SELECT total_changes() AS n').one().n;

describe('LeadIndex', () => {
  it('marks a lead rescored only when its row has an older revision: a lead that upserted its new score costs no second write', async () => {
    const got = await runInDurableObject(indexObject(env, `li-${crypto.randomUUID()}`), (_o: IndexObject, state) => {
      const sql = state.storage.sql;
      const index = new LeadIndex(sql);
      index.upsert({ name: 'a', id: 'a', score: 10, band: 'cold', lastSeen: 1, identified: false, rev: 3 });
      index.upsert({ name: 'b', id: 'b', score: 10, band: 'cold', lastSeen: 1, identified: false, rev: 2 });
      const before = changes(sql);
      index.markRescored('a', 3); // upserted with revision 3 already
      const same = changes(sql) - before;
      index.markRescored('b', 3); // its score did not change: the walk notes the revision
      const older = changes(sql) - before - same;
      return { same, older, stale: index.staleCount(3) };
    });
    expect(got).toEqual({ same: 0, older: 1, stale: 0 });
  });
});
