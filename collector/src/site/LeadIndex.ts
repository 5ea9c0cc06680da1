// The index of a site's leads (table `leads` of its index objects), which listings need because KV lists in
// key order and Durable Objects cannot be enumerated; each lead object keeps its own row up to date
// (Publisher.ts).
import type { Band } from '../scoring/scoreLead';

/** One row of the lead index. */
export interface LeadIndexEntry {
  /** The lead object's name. */
  name: string;
  id: string;
  score: number;
  band: Band;
  lastSeen: number;
  identified: boolean;
  /** Revision of the configuration the lead was last scored with; older ones get rescored. */
  rev?: number;
  /** When the lead object wrote this score (ms); absent for rows written before it was kept. */
  publishedAt?: number;
}

/** A position in the index order (score descending, then name): the cursor of a page. */
export interface IndexPosition {
  score: number;
  name: string;
}

type Row = { name: string; id: string; score: number; band: Band; last_seen: number; identified: number; published_at: number | null };

/** The lead rows of one index object (IndexObject.ts). */
export class LeadIndex {
  constructor(private readonly sql: SqlStorage) {}

  /** Adds or updates a lead's row; `lastSeen` never goes back. */
  upsert(e: LeadIndexEntry): void {
    this.write(e, 'upsert');
  }

  /** Adds a lead's row unless the lead has one (moving rows from an older layout: a newer row wins). */
  adopt(e: LeadIndexEntry): void {
    this.write(e, 'adopt');
  }

  private write(e: LeadIndexEntry, how: 'upsert' | 'adopt'): void {
    if (how === 'adopt') {
      this.sql.exec(
        'INSERT OR IGNORE INTO leads (name, id, score, band, last_seen, identified, rev, published_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
        e.name, e.id, e.score, e.band, e.lastSeen, e.identified ? 1 : 0, e.rev ?? 0, e.publishedAt ?? null,
      );
      return;
    }
    this.sql.exec(
      `INSERT INTO leads (name, id, score, band, last_seen, identified, rev, published_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (name) DO UPDATE SET id = excluded.id, score = excluded.score, band = excluded.band,
         last_seen = MAX(last_seen, excluded.last_seen), identified = excluded.identified, rev = excluded.rev,
         published_at = COALESCE(excluded.published_at, published_at)`,
      e.name, e.id, e.score, e.band, e.lastSeen, e.identified ? 1 : 0, e.rev ?? 0, e.publishedAt ?? null,
    );
  }

  /** Removes a lead's row (merged into another lead, or erased). */
  remove(name: string): void {
    this.sql.exec('DELETE FROM leads WHERE name = ?', name);
  }

  /** Leads by score, highest first, after the position `after` of the previous page. */
  list(opts: { band?: Band; limit: number; after?: IndexPosition }): LeadIndexEntry[] {
    const where: string[] = [];
    const args: (string | number)[] = [];
    if (opts.band) {
      where.push('band = ?');
      args.push(opts.band);
    }
    if (opts.after) {
      where.push('(score < ? OR (score = ? AND name > ?))');
      args.push(opts.after.score, opts.after.score, opts.after.name);
    }
    const rows = this.sql.exec<Row>(`SELECT * FROM leads ${where.length ? 'WHERE ' + where.join(' AND ') : ''} ORDER BY score DESC, name LIMIT ?`, ...args, opts.limit).toArray();
    return rows.map((r) => ({ name: r.name, id: r.id, score: r.score, band: r.band, lastSeen: r.last_seen, identified: r.identified === 1, ...(r.published_at === null ? {} : { publishedAt: r.published_at }) }));
  }

  /** Lead counts per band and per score decile (0–9, 10–19, …, 90–100). */
  stats(): { total: number; bands: Record<Band, number>; histogram: number[] } {
    const bands: Record<Band, number> = { cold: 0, warm: 0, hot: 0 };
    for (const r of this.sql.exec<{ band: Band; n: number }>('SELECT band, COUNT(*) AS n FROM leads GROUP BY band')) bands[r.band] = r.n;
    const histogram = Array.from({ length: 10 }, () => 0);
    for (const r of this.sql.exec<{ b: number; n: number }>('SELECT MIN(MAX(score, 0) / 10, 9) AS b, COUNT(*) AS n FROM leads GROUP BY b')) histogram[r.b] = r.n;
    return { total: bands.cold + bands.warm + bands.hot, bands, histogram };
  }

  /** Up to `limit` leads after `after` (by name) last scored with a revision older than `rev`: a walk, O(leads) in all. */
  staleAfter(rev: number, after: string, limit: number): string[] {
    return this.sql
      .exec<{ name: string }>('SELECT name FROM leads WHERE name > ? AND rev < ? ORDER BY name LIMIT ?', after, rev, limit)
      .toArray()
      .map((r) => r.name);
  }

  /** How many leads were last scored with a revision older than `rev`. */
  staleCount(rev: number): number {
    return this.sql.exec<{ n: number }>('SELECT COUNT(*) AS n FROM leads WHERE rev < ?', rev).one().n;
  }

  /** Notes that `name` was rescored with revision `rev`. */
  markRescored(name: string, rev: number): void {
    this.sql.exec('UPDATE leads SET rev = MAX(rev, ?) WHERE name = ?', rev, name);
  }
}
