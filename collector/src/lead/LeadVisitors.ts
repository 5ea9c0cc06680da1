// The visitors of a lead object, in their own table: a lead can have tens of thousands, more than the
// state row (rewritten on every beacon) could hold before SQLite refuses it (SQLITE_TOOBIG).

/** The `visitors` table of a lead object, in the order the visitors came. */
export class LeadVisitors {
  constructor(private readonly sql: SqlStorage) {
    sql.exec('CREATE TABLE IF NOT EXISTS visitors (id TEXT PRIMARY KEY)');
  }

  /** Notes a visitor; one seen before keeps its place. */
  add(visitor: string): void {
    this.sql.exec('INSERT OR IGNORE INTO visitors (id) VALUES (?)', visitor);
  }

  /** The first `limit` visitors (all when absent), in the order they came. */
  list(limit = -1): string[] {
    return this.sql
      .exec<{ id: string }>('SELECT id FROM visitors ORDER BY rowid LIMIT ?', limit)
      .toArray()
      .map((r) => r.id);
  }

  /** How many visitors there are. */
  count(): number {
    return this.sql.exec<{ n: number }>('SELECT COUNT(*) AS n FROM visitors').one().n;
  }
}
