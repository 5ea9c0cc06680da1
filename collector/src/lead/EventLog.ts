// A lead object's history in its SQLite storage, laid out so that a beacon writes one row: the newest raw
// events ride in the state row (the tail, StateStore.ts) and are sealed into a chunk row (table `chunks`)
// every CHUNK events; folded aggregates (`aggregates`) and the ids of folded events (`folded`, in chunks
// too, so that a retry still counts once) are written only by a fold. Tables are created on first use:
// an anonymous visitor's object has the `meta` table only.
import { hasTable } from '../runMigrations';
import { aggregateEvent, MAX_AGGREGATE_VISITS, type Aggregate, type FoldPlan } from './foldHistory';
import type { StateStore } from './StateStore';
import type { StoredEvent } from './storedEvent';

/** Raw events per sealed chunk: the tail is sealed when it reaches this many. */
export const CHUNK = 64;
/** Folded event ids per row of `folded`. */
const FOLDED_CHUNK = 1_000;
/** Most folded event ids remembered for deduplication, newest kept. */
export const MAX_SEEN_IDS = 20_000;

type AggregateRow = { type: string; key: string; day: number; count: number; ts: number; visits: string };

/** Everything a visitor hands to its lead when it is first identified. */
export interface MergePayload {
  /** The visitor object's name: its aggregates are added once, however often the merge is retried. */
  source: string;
  aggregates: Aggregate[];
  seen: string[];
}

const TABLES: Record<string, string> = {
  chunks: 'CREATE TABLE IF NOT EXISTS chunks (seq INTEGER PRIMARY KEY, data TEXT NOT NULL)',
  aggregates: `CREATE TABLE IF NOT EXISTS aggregates (type TEXT NOT NULL, key TEXT NOT NULL, day INTEGER NOT NULL,
    count INTEGER NOT NULL, ts REAL NOT NULL, visits TEXT NOT NULL, PRIMARY KEY (type, key, day)) WITHOUT ROWID`,
  folded: 'CREATE TABLE IF NOT EXISTS folded (seq INTEGER PRIMARY KEY, ids TEXT NOT NULL)',
  merged: 'CREATE TABLE IF NOT EXISTS merged (source TEXT PRIMARY KEY) WITHOUT ROWID',
};

/** The stored history of one lead object. */
export class EventLog {
  /** Sealed chunks in order, loaded once. */
  private chunks: { seq: number; events: StoredEvent[] }[] | null = null;
  /** Ids of the raw events, built with `chunks`. */
  private ids: Set<string> | null = null;
  /** Ids of folded events, loaded the first time an id is not among the raw ones. */
  private foldedIds: Set<string> | null = null;
  private readonly tables = new Set<string>();

  constructor(
    private readonly sql: SqlStorage,
    private readonly store: StateStore,
  ) {}

  /** Everything the rules see: folded aggregates first, then the raw events by time. */
  load(): StoredEvent[] {
    const raw = [...this.raw()].sort((a, b) => a.ts - b.ts);
    return [...(this.aggregates().map(aggregateEvent) as StoredEvent[]), ...raw];
  }

  /** The raw events in arrival order: the sealed chunks, then the tail. */
  raw(): StoredEvent[] {
    return [...this.sealed().flatMap((c) => c.events), ...this.store.tail];
  }

  /** The ids of every event of the history, raw and folded. */
  eventIds(): string[] {
    return [...this.rawIds(), ...this.folded()];
  }

  /** The folded aggregates. */
  aggregates(): Aggregate[] {
    if (!this.has('aggregates')) return [];
    return this.sql
      .exec<AggregateRow>('SELECT * FROM aggregates')
      .toArray()
      .map((r) => ({ type: r.type as Aggregate['type'], key: r.key, day: r.day, count: r.count, ts: r.ts, visits: JSON.parse(r.visits) as number[] }));
  }

  /** Stores an event unless its id was stored or folded before; true when it is new. */
  insert(e: StoredEvent): boolean {
    const ids = this.rawIds();
    if (ids.has(e.id) || this.folded().has(e.id)) return false;
    ids.add(e.id);
    const tail = this.store.tail;
    tail.push(e);
    // A sealed chunk and the tail it leaves are written together (StateStore.writeNow).
    if (tail.length >= CHUNK) {
      this.seal(tail.splice(0, tail.length));
      this.store.writeNow();
    } else this.store.touch();
    return true;
  }

  /** Applies a fold: removes the folded raw events, remembering their ids, and writes the aggregates. */
  applyFold(plan: FoldPlan): void {
    if (plan.folded.length) {
      const gone = new Set(plan.folded.map((f) => f.id));
      this.rewrite(this.raw().filter((e) => !gone.has(e.id)));
      this.remember(plan.folded.map((f) => f.id));
    }
    if (plan.upsert.length || plan.drop.length) this.ensure('aggregates');
    for (const a of plan.upsert) {
      this.sql.exec(
        `INSERT INTO aggregates (type, key, day, count, ts, visits) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (type, key, day) DO UPDATE SET count = excluded.count, ts = excluded.ts, visits = excluded.visits`,
        a.type, a.key, a.day, a.count, a.ts, JSON.stringify(a.visits),
      );
    }
    for (const a of plan.drop) this.sql.exec('DELETE FROM aggregates WHERE type = ? AND key = ? AND day = ?', a.type, a.key, a.day);
  }

  /** What a visitor's first identify moves to its lead besides the raw events. */
  mergePayload(source: string): MergePayload {
    return { source, aggregates: this.aggregates(), seen: [...this.folded()] };
  }

  /** Adds a merged visitor's aggregates and folded ids, once per source. */
  absorb(merge: MergePayload): void {
    this.ensure('merged');
    if (this.sql.exec('INSERT OR IGNORE INTO merged (source) VALUES (?)', merge.source).rowsWritten === 0) return;
    this.remember(merge.seen);
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
    for (const t of ['chunks', 'aggregates', 'folded']) if (this.has(t)) this.sql.exec(`DELETE FROM ${t}`);
    this.store.tail = [];
    this.store.writeNow();
    this.chunks = [];
    this.ids = new Set();
    this.foldedIds = new Set();
  }

  /** How many event ids are cached (raw and folded): with the events, what this log holds in memory. */
  cachedIds(): number {
    return (this.ids?.size ?? 0) + (this.foldedIds?.size ?? 0);
  }

  /** Forgets what was loaded (the tables were emptied by an erasure, or the isolate's budget dropped it). */
  forget(): void {
    this.chunks = null;
    this.ids = null;
    this.foldedIds = null;
  }

  private sealed(): { seq: number; events: StoredEvent[] }[] {
    if (this.chunks) return this.chunks;
    this.chunks = this.has('chunks')
      ? this.sql
          .exec<{ seq: number; data: string }>('SELECT seq, data FROM chunks ORDER BY seq')
          .toArray()
          .map((r) => ({ seq: r.seq, events: JSON.parse(r.data) as StoredEvent[] }))
      : [];
    return this.chunks;
  }

  private rawIds(): Set<string> {
    return (this.ids ??= new Set(this.raw().map((e) => e.id)));
  }

  private folded(): Set<string> {
    if (!this.foldedIds) {
      const rows = this.has('folded') ? this.sql.exec<{ ids: string }>('SELECT ids FROM folded ORDER BY seq').toArray() : [];
      this.foldedIds = new Set(rows.flatMap((r) => JSON.parse(r.ids) as string[]));
    }
    return this.foldedIds;
  }

  /** Writes `events` as a new sealed chunk. */
  private seal(events: StoredEvent[]): void {
    this.ensure('chunks');
    const seq = this.sealed().reduce((m, c) => Math.max(m, c.seq), 0) + 1;
    this.sql.exec('INSERT INTO chunks (seq, data) VALUES (?, ?)', seq, JSON.stringify(events));
    this.chunks!.push({ seq, events });
  }

  /** Replaces every raw event with `events` (after a fold): full chunks, then the rest as the tail. */
  private rewrite(events: StoredEvent[]): void {
    if (this.has('chunks')) this.sql.exec('DELETE FROM chunks');
    this.chunks = [];
    const full = events.length - (events.length % CHUNK);
    for (let i = 0; i < full; i += CHUNK) this.seal(events.slice(i, i + CHUNK));
    this.store.tail = events.slice(full);
    this.store.writeNow();
    this.ids = new Set(events.map((e) => e.id));
  }

  /** Remembers folded ids (newest last), keeping the newest MAX_SEEN_IDS. */
  private remember(ids: readonly string[]): void {
    const known = this.folded();
    const fresh = ids.filter((id) => !known.has(id));
    if (!fresh.length) return;
    this.ensure('folded');
    for (let i = 0; i < fresh.length; i += FOLDED_CHUNK) this.sql.exec('INSERT INTO folded (ids) VALUES (?)', JSON.stringify(fresh.slice(i, i + FOLDED_CHUNK)));
    for (const id of fresh) known.add(id);
    if (known.size > MAX_SEEN_IDS) {
      // Whole rows go, oldest first, while what is left stays above the bound.
      let over = known.size - MAX_SEEN_IDS;
      for (const row of this.sql.exec<{ seq: number; ids: string }>('SELECT seq, ids FROM folded ORDER BY seq').toArray()) {
        const list = JSON.parse(row.ids) as string[];
        if (list.length > over) break;
        this.sql.exec('DELETE FROM folded WHERE seq = ?', row.seq);
        for (const id of list) known.delete(id);
        over -= list.length;
      }
    }
  }

  private has(table: string): boolean {
    if (this.tables.has(table)) return true;
    if (!hasTable(this.sql, table)) return false;
    this.tables.add(table);
    return true;
  }

  private ensure(table: string): void {
    if (this.tables.has(table)) return;
    this.sql.exec(TABLES[table]!);
    this.tables.add(table);
  }
}
