// Numbered schema migrations of a Durable Object's SQLite storage: each runs once, in order, inside the
// constructor (SQL is synchronous there, and the runtime commits the constructor's writes together).
// Where the version is kept is the object's choice (leadMigrations.ts, siteMigrations.ts).

/** One step of a schema; step n (1-based) runs on storage whose recorded version is below n. */
export type Migration = (sql: SqlStorage) => void;

/**
 * Runs the steps after version `from` and returns the last version. Storage from before numbered
 * migrations counts as version 0 and runs them all, so every step must also hold on storage that already
 * has what it makes (`IF NOT EXISTS`, guarded updates).
 */
export function runMigrations(sql: SqlStorage, migrations: readonly Migration[], from: number): number {
  for (let version = from; version < migrations.length; version++) migrations[version]!(sql);
  return migrations.length;
}

/** Whether the storage has a table of that name. */
export function hasTable(sql: SqlStorage, name: string): boolean {
  return sql.exec("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", name).toArray().length > 0;
}
