// The schema of a site object's storage, step by step (runMigrations.ts). Add steps at the end; never edit
// one. The version is kept in the `meta` table.
import { hasTable, runMigrations, type Migration } from '../runMigrations';

/** The site object's migrations, version 1 first. */
export const SITE_MIGRATIONS: readonly Migration[] = [
  // 1: the configuration and the lead index of the first release.
  (sql) =>
    sql.exec(`
      CREATE TABLE IF NOT EXISTS config (k TEXT PRIMARY KEY, v TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS leads (
        name TEXT PRIMARY KEY, id TEXT NOT NULL, score INTEGER NOT NULL, band TEXT NOT NULL,
        last_seen INTEGER NOT NULL, identified INTEGER NOT NULL);
      CREATE INDEX IF NOT EXISTS leads_by_score ON leads (score DESC, name);
      CREATE INDEX IF NOT EXISTS leads_by_band ON leads (band, score DESC, name);
    `),
  // 2: the configuration revision each lead was last scored with.
  (sql) => {
    if (!sql.exec("SELECT name FROM pragma_table_info('leads') WHERE name = 'rev'").toArray().length) {
      sql.exec('ALTER TABLE leads ADD COLUMN rev INTEGER NOT NULL DEFAULT 0');
    }
  },
  // 3: web vitals samples (created on first use before numbered migrations).
  (sql) =>
    sql.exec(`
      CREATE TABLE IF NOT EXISTS vitals (id TEXT PRIMARY KEY, path TEXT NOT NULL, visitor TEXT NOT NULL,
        ts INTEGER NOT NULL, lcp REAL, inp REAL, cls REAL);
      CREATE INDEX IF NOT EXISTS vitals_by_ts ON vitals (ts);
      CREATE INDEX IF NOT EXISTS vitals_by_visitor ON vitals (visitor);
    `),
  // 4: the lead index and web vitals live in the site's index objects (IndexObject.ts): the vitals samples
  // go (a 28-day window, not moved); the index rows move there by the object's alarm, then the table goes.
  (sql) => {
    sql.exec('DROP TABLE IF EXISTS vitals');
    if (hasTable(sql, 'leads') && !sql.exec('SELECT 1 FROM leads LIMIT 1').toArray().length) sql.exec('DROP TABLE leads');
  },
  // 5: the site's API keys (KeyStore.ts): SHA-256 digests only, never a key.
  (sql) =>
    sql.exec(`
      CREATE TABLE IF NOT EXISTS api_keys (id TEXT PRIMARY KEY, name TEXT, scope TEXT NOT NULL,
        digest TEXT NOT NULL, tail TEXT NOT NULL, created_at INTEGER NOT NULL, rotated_at INTEGER,
        last_used_at INTEGER);
    `),
  // 6: a configuration with a webhook again under a new revision and version. Lead objects used to be
  // handed the secret with their copy; the new revision makes each one replace it with a copy without
  // (the site object starts the rescoring at its next call, when it knows its site).
  (sql) => {
    const row = sql.exec<{ v: string }>("SELECT v FROM config WHERE k = 'config'").toArray()[0];
    if (!row) return;
    const stored = JSON.parse(row.v) as { config: { webhook?: unknown }; version: string; rev?: number };
    if (!stored.config.webhook) return;
    const next = { ...stored, version: crypto.randomUUID(), rev: (stored.rev ?? 0) + 1 };
    sql.exec("UPDATE config SET v = ? WHERE k = 'config'", JSON.stringify(next));
  },
];

/** Brings a site object's storage to the last version; returns the version it was at. */
export function migrateSiteStorage(sql: SqlStorage): number {
  const row = hasTable(sql, 'meta') ? sql.exec<{ v: string }>("SELECT v FROM meta WHERE k = 'schema'").toArray()[0] : undefined;
  const from = row ? Number(row.v) : 0;
  if (from >= SITE_MIGRATIONS.length) return from;
  const version = runMigrations(sql, SITE_MIGRATIONS, from);
  sql.exec('CREATE TABLE IF NOT EXISTS meta (k TEXT PRIMARY KEY, v TEXT NOT NULL)');
  sql.exec("INSERT INTO meta (k, v) VALUES ('schema', ?) ON CONFLICT (k) DO UPDATE SET v = excluded.v", String(version));
  return from;
}
