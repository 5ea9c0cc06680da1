// The schema of an insights object's storage, step by step (runMigrations.ts). Add steps at the end; never
// edit one. The version is kept in the `meta` table.
import { hasTable, runMigrations, type Migration } from '../runMigrations';

/** The insights object's migrations, version 1 first. */
export const INSIGHTS_MIGRATIONS: readonly Migration[] = [
  // 1: outcomes, what each lead has (features), the counts over them, and the days of the trend.
  (sql) =>
    sql.exec(`
      CREATE TABLE IF NOT EXISTS meta (k TEXT PRIMARY KEY, v TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS outcomes (id TEXT PRIMARY KEY, lead TEXT NOT NULL, outcome TEXT NOT NULL,
        at INTEGER NOT NULL, value REAL, recorded INTEGER NOT NULL, score INTEGER NOT NULL, keys TEXT NOT NULL,
        rev INTEGER NOT NULL);
      CREATE INDEX IF NOT EXISTS outcomes_by_lead ON outcomes (lead, outcome, at);
      CREATE TABLE IF NOT EXISTS conversions (outcome TEXT NOT NULL, lead TEXT NOT NULL, id TEXT NOT NULL,
        PRIMARY KEY (outcome, lead));
      CREATE INDEX IF NOT EXISTS conversions_by_lead ON conversions (lead);
      CREATE TABLE IF NOT EXISTS lead_features (lead TEXT NOT NULL, feature TEXT NOT NULL, at INTEGER NOT NULL,
        PRIMARY KEY (lead, feature));
      CREATE TABLE IF NOT EXISTS tallies (outcome TEXT NOT NULL, feature TEXT NOT NULL,
        cur INTEGER NOT NULL DEFAULT 0, before INTEGER NOT NULL DEFAULT 0, PRIMARY KEY (outcome, feature));
      CREATE TABLE IF NOT EXISTS outcome_totals (outcome TEXT PRIMARY KEY, n INTEGER NOT NULL, value REAL NOT NULL);
      CREATE TABLE IF NOT EXISTS rules (sig TEXT PRIMARY KEY);
      CREATE TABLE IF NOT EXISTS days (day INTEGER PRIMARY KEY, active INTEGER NOT NULL DEFAULT 0, scores TEXT);
      CREATE TABLE IF NOT EXISTS day_outcomes (day INTEGER NOT NULL, outcome TEXT NOT NULL, n INTEGER NOT NULL,
        value REAL NOT NULL, PRIMARY KEY (day, outcome));
      CREATE TABLE IF NOT EXISTS day_leads (day INTEGER NOT NULL, lead TEXT NOT NULL, PRIMARY KEY (day, lead));
    `),
  // 2: one row per lead in place of a row per feature and per active day: its keys (in the order they came),
  // its score and its last two active days; the rules its keys match are read through the rules counted.
  // The counts lose their row id, so that a new count is one row written, not two.
  (sql) =>
    sql.exec(`
      CREATE TABLE IF NOT EXISTS leads (lead TEXT PRIMARY KEY, keys TEXT NOT NULL, score INTEGER, day INTEGER,
        prev_day INTEGER) WITHOUT ROWID;
      INSERT OR IGNORE INTO leads (lead, keys, score, day, prev_day)
        SELECT f.lead,
          (SELECT json_group_array(k) FROM (SELECT substr(feature, 3) AS k FROM lead_features
            WHERE lead = f.lead AND feature >= 'k:' AND feature < 'k;' ORDER BY at, feature)),
          (SELECT CAST(substr(feature, 3) AS INTEGER) FROM lead_features WHERE lead = f.lead AND feature >= 's:' AND feature < 's;'),
          (SELECT day FROM day_leads WHERE lead = f.lead ORDER BY day DESC LIMIT 1),
          (SELECT day FROM day_leads WHERE lead = f.lead ORDER BY day DESC LIMIT 1 OFFSET 1)
        FROM lead_features f WHERE f.feature = '*';
      DROP TABLE lead_features;
      DROP TABLE day_leads;
      CREATE TABLE tallies_keyed (outcome TEXT NOT NULL, feature TEXT NOT NULL, cur INTEGER NOT NULL DEFAULT 0,
        before INTEGER NOT NULL DEFAULT 0, PRIMARY KEY (outcome, feature)) WITHOUT ROWID;
      INSERT INTO tallies_keyed (outcome, feature, cur, before) SELECT outcome, feature, cur, before FROM tallies;
      DROP TABLE tallies;
      ALTER TABLE tallies_keyed RENAME TO tallies;
    `),
];

/** Brings an insights object's storage to the last version. */
export function migrateInsightsStorage(sql: SqlStorage): void {
  const row = hasTable(sql, 'meta') ? sql.exec<{ v: string }>("SELECT v FROM meta WHERE k = 'schema'").toArray()[0] : undefined;
  const from = row ? Number(row.v) : 0;
  if (from >= INSIGHTS_MIGRATIONS.length) return;
  const version = runMigrations(sql, INSIGHTS_MIGRATIONS, from);
  sql.exec("INSERT INTO meta (k, v) VALUES ('schema', ?) ON CONFLICT (k) DO UPDATE SET v = excluded.v", String(version));
}
