// A lead object's history in its SQLite storage (tables of leadMigrations.ts): raw events (once per id),
// folded aggregates, and the ids of folded events, so that a retry still counts once.
import { aggregateEvent, MAX_AGGREGATE_VISITS, type Aggregate, type FoldPlan } from './foldHistory';
import type { StoredEvent } from './storedEvent';

/** Most folded event ids remembered for deduplication, newest kept. */
export const MAX_SEEN_IDS = 20_000;

type Row = { id: string; type: string; ts: number; visitor: string; data: string };
type AggregateRow = { type: string; key: string; day: number; count: number; ts: number; visits: string };

/** Everything a visitor hands to its lead when it is first identified. */
export interface MergePayload {
  /** The visitor object's name: its aggregates are added once, however often the merge is retried. */
  source: string;
  aggregates: Aggregate[];
  seen: string[];
}

/** The SQL tables of a lead object's history. Keeps no cache: the object caches what it loads. */
export class EventLog {
  constructor(private readonly sql: SqlStorage) {}

  /** Everything the rules see: folded aggregates first, then the raw events by time. */
  load(): StoredEvent[] {
    const raw = this.sql
      .exec<Row>('SELECT * FROM events ORDER BY ts')
      .toArray()
      .map((r) => ({ ...(JSON.parse(r.data) as object), id: r.id, type: r.type, ts: r.ts, visitor: r.visitor }) as StoredEvent);
    return [...(this.aggregates().map(aggregateEvent) as StoredEvent[]), ...raw];
  }

  /** The folded aggregates. */
  aggregates(): Aggregate[] {
    return this.sql
      .exec<AggregateRow>('SELECT * FROM aggregates')
      .toArray()
      .map((r) => ({ type: r.type as Aggregate['type'], key: r.key, day: r.day, count: r.count, ts: r.ts, visits: JSON.parse(r.visits) as number[] }));
  }

  /** Stores an event unless its id was stored or folded before; true when it is new. */
  insert(e: StoredEvent): boolean {
    const { id, type, ts, visitor, ...data } = e;
    return (
      this.sql.exec(
        'INSERT OR IGNORE INTO events (id, type, ts, visitor, data) SELECT ?, ?, ?, ?, ? WHERE NOT EXISTS (SELECT 1 FROM seen WHERE id = ?)',
        id, type, ts, visitor, JSON.stringify(data), id,
      ).rowsWritten > 0
    );
  }

  /** Applies a fold: removes the folded raw events, remembering their ids, and writes the aggregates. */
  applyFold(plan: FoldPlan): void {
    for (const { id, ts } of plan.folded) {
      this.sql.exec('DELETE FROM events WHERE id = ?', id);
      this.sql.exec('INSERT OR IGNORE INTO seen (id, ts) VALUES (?, ?)', id, ts);
    }
    for (const a of plan.upsert) {
      this.sql.exec(
        `INSERT INTO aggregates (type, key, day, count, ts, visits) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (type, key, day) DO UPDATE SET count = excluded.count, ts = excluded.ts, visits = excluded.visits`,
        a.type, a.key, a.day, a.count, a.ts, JSON.stringify(a.visits),
      );
    }
    for (const a of plan.drop) this.sql.exec('DELETE FROM aggregates WHERE type = ? AND key = ? AND day = ?', a.type, a.key, a.day);
    this.sql.exec('DELETE FROM seen WHERE id IN (SELECT id FROM seen ORDER BY ts DESC LIMIT -1 OFFSET ?)', MAX_SEEN_IDS);
  }

  /** What a visitor's first identify moves to its lead besides the raw events. */
  mergePayload(source: string): MergePayload {
    const seen = this.sql.exec<{ id: string }>('SELECT id FROM seen').toArray().map((r) => r.id);
    return { source, aggregates: this.aggregates(), seen };
  }

  /** Adds a merged visitor's aggregates and folded ids, once per source. */
  absorb(merge: MergePayload): void {
    if (this.sql.exec('INSERT OR IGNORE INTO merged (source) VALUES (?)', merge.source).rowsWritten === 0) return;
    for (const id of merge.seen) this.sql.exec('INSERT OR IGNORE INTO seen (id, ts) VALUES (?, 0)', id);
    const current = new Map(this.aggregates().map((a) => [`${a.type}\n${a.day}\n${a.key}`, a]));
    const added: Aggregate[] = merge.aggregates.map((a) => {
      const prev = current.get(`${a.type}\n${a.day}\n${a.key}`);
      if (!prev) return a;
      const visits = [...new Set([...prev.visits, ...a.visits])].slice(0, MAX_AGGREGATE_VISITS);
      return { ...a, count: prev.count + a.count, ts: (prev.ts * prev.count + a.ts * a.count) / (prev.count + a.count), visits };
    });
    this.applyFold({ folded: [], upsert: added, drop: [] });
  }

  /** Forgets the visitor's own history once its lead holds it. */
  clear(): void {
    this.sql.exec('DELETE FROM events');
    this.sql.exec('DELETE FROM aggregates');
    this.sql.exec('DELETE FROM seen');
  }
}
