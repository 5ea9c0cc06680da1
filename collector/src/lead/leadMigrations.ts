// The schema of a lead object's storage, step by step (runMigrations.ts). Add steps at the end; never edit
// one. The version is kept in the state row (`schema`), so that a new object writes no row of its own for it
// and an object that never stored anything holds nothing.
import { hasTable, runMigrations, type Migration } from '../runMigrations';

/** The `state` row as releases before numbered migrations stored it (kind `visitor` with an optional pointer). */
interface LegacyState {
  schema?: number;
  kind: 'visitor' | 'lead';
  pointer?: string;
  pointerId?: string;
  mergeTo?: { name: string; id: string };
  traits?: Record<string, unknown>;
  config?: unknown;
  visitors?: string[];
  [field: string]: unknown;
}

const readState = (sql: SqlStorage): LegacyState | null => {
  const row = sql.exec<{ v: string }>("SELECT v FROM meta WHERE k = 'state'").toArray()[0];
  return row ? (JSON.parse(row.v) as LegacyState) : null;
};
const writeRow = (sql: SqlStorage, k: string, v: unknown) =>
  sql.exec('INSERT INTO meta (k, v) VALUES (?, ?) ON CONFLICT (k) DO UPDATE SET v = excluded.v', k, JSON.stringify(v));

/** The lead object's migrations, version 1 first. */
export const LEAD_MIGRATIONS: readonly Migration[] = [
  // 1: the tables of the first release: state, history, folded aggregates, folded ids, merges, routes, visitors.
  (sql) =>
    sql.exec(`
      CREATE TABLE IF NOT EXISTS meta (k TEXT PRIMARY KEY, v TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS events (id TEXT PRIMARY KEY, type TEXT NOT NULL, ts INTEGER NOT NULL,
        visitor TEXT NOT NULL, data TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS aggregates (type TEXT NOT NULL, key TEXT NOT NULL, day INTEGER NOT NULL,
        count INTEGER NOT NULL, ts REAL NOT NULL, visits TEXT NOT NULL, PRIMARY KEY (type, key, day));
      CREATE TABLE IF NOT EXISTS seen (id TEXT PRIMARY KEY, ts INTEGER NOT NULL);
      CREATE TABLE IF NOT EXISTS merged (source TEXT PRIMARY KEY);
      CREATE TABLE IF NOT EXISTS routes (id TEXT PRIMARY KEY, dest TEXT NOT NULL, at INTEGER NOT NULL);
      CREATE TABLE IF NOT EXISTS visitors (id TEXT PRIMARY KEY);
    `),
  // 2: the configuration in a row of its own (the state row is rewritten on every beacon).
  (sql) => {
    const state = readState(sql);
    if (!state?.config) return;
    const { config, ...rest } = state;
    writeRow(sql, 'config', config);
    writeRow(sql, 'state', rest);
  },
  // 3: visitors in their table (a list inside the state row passes SQLite's row limit at ~31,000).
  (sql) => {
    const state = readState(sql);
    if (!state?.visitors) return;
    const { visitors, ...rest } = state;
    for (const v of visitors) sql.exec('INSERT OR IGNORE INTO visitors (id) VALUES (?)', v);
    writeRow(sql, 'state', rest);
  },
  // 4: a state type per life (objectState.ts): `visitor` becomes `anonymous`, or `linked` with its lead.
  (sql) => {
    const state = readState(sql);
    if (!state || state.kind !== 'visitor') return;
    const { kind: _kind, pointer, pointerId, mergeTo, traits: _traits, published: _p, publishPending: _q, indexed: _i, decayAt: _d, ...rest } = state;
    if (pointer === undefined) writeRow(sql, 'state', { ...state, kind: 'anonymous', traits: undefined });
    else writeRow(sql, 'state', { ...rest, kind: 'linked', lead: { name: pointer, id: pointerId ?? '' }, ...(mergeTo ? { mergeTo } : {}) });
  },
  // 5 (insights, issue 12): what this object has told its site's insights object (InsightsReporter.ts).
  (sql) => sql.exec('CREATE TABLE IF NOT EXISTS insights_reported (key TEXT PRIMARY KEY, at INTEGER NOT NULL)'),
];

/** The schema version a lead object's state row records. */
export const LEAD_SCHEMA = LEAD_MIGRATIONS.length;

/** Brings a lead object's storage to LEAD_SCHEMA; a stored state records the version it now has. */
export function migrateLeadStorage(sql: SqlStorage): void {
  const state = hasTable(sql, 'meta') ? readState(sql) : null;
  const from = state?.schema ?? 0;
  if (from >= LEAD_SCHEMA) return;
  runMigrations(sql, LEAD_MIGRATIONS, from);
  const migrated = readState(sql);
  if (migrated) writeRow(sql, 'state', { ...migrated, schema: LEAD_SCHEMA });
}
