// A lead object's state row and configuration row (table `meta`), with the copy in memory that the object
// reads between writes. The state row also carries the newest raw events (the tail, EventLog.ts), so that
// a beacon writes one row: every change made in one turn of the event loop is written once, at its end.
import { hasTable } from '../runMigrations';
import type { VersionedConfig } from '../site/versionedConfig';
import { LEAD_SCHEMA } from './leadMigrations';
import type { ObjectState } from './objectState';
import type { StoredEvent } from './storedEvent';

/** The state row as stored. */
interface StateRow {
  schema?: number;
  tail?: StoredEvent[];
}

/** The state of a lead object, its newest raw events and the configuration it scores with. */
export class StateStore {
  /** The current state; null before the first event and after an erasure. */
  state: ObjectState | null = null;
  /** The configuration this object scores with (the newest revision it was given). */
  config: VersionedConfig | null = null;
  /** The newest raw events, not yet sealed in a chunk (EventLog.ts); stored with the state. */
  tail: StoredEvent[] = [];
  private dirty = false;
  private scheduled = false;
  /** Requests running inside hold(): while any is, changes wait for the end of a request, not of a turn. */
  private holding = 0;
  private ready: boolean;

  constructor(private readonly sql: SqlStorage) {
    this.ready = hasTable(sql, 'meta');
    if (!this.ready) return;
    for (const { k, v } of sql.exec<{ k: string; v: string }>("SELECT k, v FROM meta WHERE k IN ('state', 'config')")) {
      if (k === 'config') this.config = JSON.parse(v) as VersionedConfig;
      else {
        const { schema: _schema, tail = [], ...state } = JSON.parse(v) as ObjectState & StateRow;
        this.state = state as ObjectState;
        this.tail = tail;
      }
    }
  }

  /** Replaces the state; the row is written at the end of this turn. */
  save<S extends ObjectState>(state: S): S {
    this.state = state;
    this.touch();
    return state;
  }

  /**
   * Runs one request whose changes are written once, when it ends (issue 14: a beacon wrote its state row
   * at every await it passed). The reply leaves after that write: the runtime holds a Durable Object's
   * outgoing messages until its writes are stored. A request that ends while another runs still writes:
   * what it confirms must be stored before its reply leaves.
   */
  async hold<T>(request: () => Promise<T>): Promise<T> {
    this.holding++;
    try {
      return await request();
    } finally {
      this.holding--;
      this.flush();
    }
  }

  /** Notes that the row changed (the state or the tail): it is written once, at the end of this turn or held request. */
  touch(): void {
    this.dirty = true;
    if (this.scheduled || this.holding) return;
    this.scheduled = true;
    queueMicrotask(() => this.flush());
  }

  /**
   * Writes the row now: for a change made together with rows of other tables (a sealed chunk, a fold), which
   * must be stored in the same transaction — every write of one synchronous stretch is one.
   */
  writeNow(): void {
    this.dirty = true;
    this.flush();
  }

  /** Replaces the state without a write of its own: it goes with the next one (a counter, not a signal). */
  saveLater(state: ObjectState): void {
    this.state = state;
    this.dirty = true;
  }

  /** Writes the state row now if it changed. */
  flush(): void {
    this.scheduled = false;
    if (!this.dirty || !this.state) return;
    this.dirty = false;
    const row: StateRow = { schema: LEAD_SCHEMA, ...this.state, ...(this.tail.length ? { tail: this.tail } : {}) };
    this.write('state', JSON.stringify(row));
  }

  /** Takes `config` unless this object already scores with it or with a newer revision (beacons carry a cached one). */
  adopt(config: VersionedConfig): void {
    const current = this.config;
    if (current && (current.version === config.version || (current.rev ?? 0) > config.rev)) return;
    this.config = config;
    this.write('config', JSON.stringify(config));
  }

  /** Forgets the copy in memory (the rows were deleted by an erasure). */
  forget(): void {
    this.state = null;
    this.config = null;
    this.tail = [];
    this.dirty = false;
  }

  private write(k: string, v: string): void {
    if (!this.ready) {
      // A new object's first write: the compact layout (one row per key, no separate index).
      this.sql.exec('CREATE TABLE IF NOT EXISTS meta (k TEXT PRIMARY KEY, v TEXT NOT NULL) WITHOUT ROWID');
      this.ready = true;
    }
    this.sql.exec('INSERT INTO meta (k, v) VALUES (?, ?) ON CONFLICT (k) DO UPDATE SET v = excluded.v', k, v);
  }
}
