// The schema of an index object's storage (IndexObject.ts), step by step (runMigrations.ts). Add steps at
// the end; never edit one. The version is kept in the `meta` table.
import { hasTable, runMigrations, type Migration } from '../runMigrations';

/** The index object's migrations, version 1 first. */
export const INDEX_MIGRATIONS: readonly Migration[] = [
  // 1: the lead rows (one row per lead, no row id: an update writes the row and, when the score moves, its
  // entry in the score order), the web vitals samples, and the rescoring walk's position.
  (sql) =>
    sql.exec(`
      CREATE TABLE IF NOT EXISTS meta (k TEXT PRIMARY KEY, v TEXT NOT NULL) WITHOUT ROWID;
      CREATE TABLE IF NOT EXISTS leads (
        name TEXT PRIMARY KEY, id TEXT NOT NULL, score INTEGER NOT NULL, band TEXT NOT NULL,
        last_seen INTEGER NOT NULL, identified INTEGER NOT NULL, rev INTEGER NOT NULL) WITHOUT ROWID;
      CREATE INDEX IF NOT EXISTS leads_by_score ON leads (score DESC, name);
      CREATE TABLE IF NOT EXISTS vitals (id TEXT PRIMARY KEY, path TEXT NOT NULL, visitor TEXT NOT NULL,
        ts INTEGER NOT NULL, lcp REAL, inp REAL, cls REAL) WITHOUT ROWID;
      CREATE INDEX IF NOT EXISTS vitals_by_ts ON vitals (ts);
    `),
  // 2: when each row's score was written (issue 15: the list says how fresh it is); null for rows written before.
  (sql) => sql.exec('ALTER TABLE leads ADD COLUMN published_at INTEGER'),
  // 3 (issue 13): the primary grade and the stage on each row, and the other models' scores, one row per lead
  // and model, in score order per model for lists sorted by a model.
  (sql) =>
    sql.exec(`
      ALTER TABLE leads ADD COLUMN grade TEXT;
      ALTER TABLE leads ADD COLUMN stage TEXT;
      CREATE TABLE IF NOT EXISTS lead_models (name TEXT NOT NULL, model TEXT NOT NULL, score INTEGER NOT NULL,
        band TEXT NOT NULL, grade TEXT, PRIMARY KEY (name, model)) WITHOUT ROWID;
      CREATE INDEX IF NOT EXISTS lead_models_by_score ON lead_models (model, score DESC, name);
    `),
  // 4 (issue 14): a row's report for insights rides in the row the upsert writes anyway (InsightsOutbox.ts):
  // what the lead had to say, and the number of the batch it waits in.
  (sql) => sql.exec('ALTER TABLE leads ADD COLUMN notes TEXT; ALTER TABLE leads ADD COLUMN notes_batch INTEGER;'),
];

/** Brings an index object's storage to the last version. */
export function migrateIndexStorage(sql: SqlStorage): void {
  const row = hasTable(sql, 'meta') ? sql.exec<{ v: string }>("SELECT v FROM meta WHERE k = 'schema'").toArray()[0] : undefined;
  const from = row ? Number(row.v) : 0;
  if (from >= INDEX_MIGRATIONS.length) return;
  const version = runMigrations(sql, INDEX_MIGRATIONS, from);
  sql.exec("INSERT INTO meta (k, v) VALUES ('schema', ?) ON CONFLICT (k) DO UPDATE SET v = excluded.v", String(version));
}
