// The visitors of a lead, in their own table: a lead can have tens of thousands, more than the state row
// (rewritten on every beacon) could hold before SQLite refuses it (SQLITE_TOOBIG). Created with the first
// visitor it lists; an anonymous visitor's object has none (its only visitor is itself).

/** The `visitors` table of a lead object, in the order the visitors came. */
export class LeadVisitors {
  private ready = false;

  constructor(private readonly sql: SqlStorage) {}

  /** Notes a visitor; one seen before keeps its place. */
  add(visitor: string): void {
    if (!this.ready) {
      this.sql.exec('CREATE TABLE IF NOT EXISTS visitors (id TEXT PRIMARY KEY)');
      this.ready = true;
    }
    this.sql.exec('INSERT OR IGNORE INTO visitors (id) VALUES (?)', visitor);
  }

  /** The first `limit` visitors (all when absent), in the order they came. */
  list(limit = -1): string[] {
    if (!this.exists()) return [];
    return this.sql
      .exec<{ id: string }>('SELECT id FROM visitors ORDER BY rowid LIMIT ?', limit)
      .toArray()
      .map((r) => r.id);
  }

  /** How many visitors there are. */
  count(): number {
    return this.exists() ? this.sql.exec<{ n: number }>('SELECT COUNT(*) AS n FROM visitors').one().n : 0;
  }

  private exists(): boolean {
    this.ready ||= this.sql.exec("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'visitors'").toArray().length > 0;
    return this.ready;
  }
}
