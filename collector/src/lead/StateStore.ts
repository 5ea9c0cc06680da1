// A lead object's state row and configuration row (table `meta`), with the copy in memory that the
// object reads between writes.
import type { VersionedConfig } from '../site/versionedConfig';
import { LEAD_SCHEMA } from './leadMigrations';
import type { ObjectState } from './objectState';

/** The state of a lead object and the configuration it scores with. */
export class StateStore {
  /** The current state; null before the first event and after an erasure. */
  state: ObjectState | null;
  /** The configuration this object scores with (the newest revision it was given). */
  config: VersionedConfig | null;

  constructor(private readonly sql: SqlStorage) {
    const rows = new Map(sql.exec<{ k: string; v: string }>("SELECT k, v FROM meta WHERE k IN ('state', 'config')").toArray().map((r) => [r.k, r.v]));
    const state = rows.get('state');
    const config = rows.get('config');
    this.state = state ? withoutSchema(JSON.parse(state) as ObjectState & { schema?: number }) : null;
    this.config = config ? (JSON.parse(config) as VersionedConfig) : null;
  }

  /** Saves the state. Saved a few times per beacon; the configuration, most of the size, has its own row. */
  save<S extends ObjectState>(state: S): S {
    this.state = state;
    this.write('state', JSON.stringify({ schema: LEAD_SCHEMA, ...state }));
    return state;
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
  }

  private write(k: string, v: string): void {
    this.sql.exec('INSERT INTO meta (k, v) VALUES (?, ?) ON CONFLICT (k) DO UPDATE SET v = excluded.v', k, v);
  }
}

function withoutSchema({ schema: _schema, ...state }: ObjectState & { schema?: number }): ObjectState {
  return state as ObjectState;
}
