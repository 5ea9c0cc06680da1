// A linked visitor's routes (table `routes`): which lead got which event id, so that a retry goes where
// the original went even after the visitor was identified as someone else.

/** Most routes a visitor remembers, newest kept. */
export const MAX_ROUTES = 5_000;
/** Routes added between two trims. */
const TRIM_EVERY = 500;

/** Where a visitor's events went; `route` is what routeBeacon.ts asks. */
export interface Routes {
  /** Where event `id` goes: where it went before ('' when that lead was erased), or `dest`, which is recorded. */
  route(id: string, dest: string, at: number): string;
}

/** The `routes` table of a visitor's object. */
export class RouteBook implements Routes {
  private added = 0;

  constructor(private readonly sql: SqlStorage) {}

  route(id: string, dest: string, at: number): string {
    if (this.sql.exec('INSERT OR IGNORE INTO routes (id, dest, at) VALUES (?, ?, ?)', id, dest, at).rowsWritten > 0) {
      if (++this.added > TRIM_EVERY) this.trim();
      return dest;
    }
    return this.sql.exec<{ dest: string }>('SELECT dest FROM routes WHERE id = ?', id).one().dest;
  }

  /** Records that this visitor's own history (raw and folded ids) went to `dest`, at its first identify. */
  routeOwnHistory(dest: string, at: number): void {
    this.sql.exec('INSERT OR IGNORE INTO routes (id, dest, at) SELECT id, ?, ? FROM events', dest, at);
    this.sql.exec('INSERT OR IGNORE INTO routes (id, dest, at) SELECT id, ?, ? FROM seen', dest, at);
  }

  /**
   * Forgets that events went to the erased lead `dest`, keeping their ids with an empty destination: a
   * resend of one is dropped (`route` answers '') rather than counted by the visitor's current lead.
   */
  eraseRoutes(dest: string): void {
    this.sql.exec("UPDATE routes SET dest = '' WHERE dest = ?", dest);
  }

  /** Every event id routed (an erased visitor's tombstone recognises them, tombstones.ts). */
  ids(): string[] {
    return this.sql.exec<{ id: string }>('SELECT id FROM routes').toArray().map((r) => r.id);
  }

  /** Every destination recorded (tests check that an erased lead is named nowhere). */
  destinations(): string[] {
    return this.sql.exec<{ dest: string }>('SELECT dest FROM routes').toArray().map((r) => r.dest);
  }

  /** Keeps the newest routes only. */
  private trim(): void {
    this.sql.exec('DELETE FROM routes WHERE id IN (SELECT id FROM routes ORDER BY at DESC LIMIT -1 OFFSET ?)', MAX_ROUTES);
    this.added = 0;
  }
}
