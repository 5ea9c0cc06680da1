// The index of a site's leads (table `leads` of its index objects), which listings need because KV lists in
// key order and Durable Objects cannot be enumerated; each lead object keeps its own row up to date
// (Publisher.ts).
import type { IndexExtras, ModelCell } from '../lead/indexExtras';
import type { Band } from '../scoring/scoreLead';
import type { Grade } from './modelsSchema';
import type { LeadReport } from '../insights/InsightsStore';
import { mergeReports } from '../insights/mergeReports';

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
  /** Primary grade, stage and the other models (issue 13); absent: none. */
  extras?: IndexExtras;
  /** In a list sorted by another model: that model's score, which orders the list and its cursor. */
  sortScore?: number;
}

/** Which leads a list holds and in what order (issue 13): `model` is what band and grade filter, `sort` what orders. */
export interface ListOptions {
  band?: Band;
  grade?: Grade;
  stage?: string;
  /** A model other than the primary whose band and grade filter; absent: the primary's. */
  model?: string;
  /** A model other than the primary whose score orders the list; absent: the primary's. */
  sort?: string;
  /** Whether rows carry the other models (a site with several); without it, lists do not read them. */
  withModels?: boolean;
  limit: number;
  after?: IndexPosition;
}

/** A position in the index order (score descending, then name): the cursor of a page. */
export interface IndexPosition {
  score: number;
  name: string;
}

/** A row's report waiting for insights: its notes (JSON) and the batch it waits in. */
interface Waits {
  notes: string;
  batch: number;
}

type Row = { name: string; id: string; score: number; band: Band; last_seen: number; identified: number; published_at: number | null; grade: Grade | null; stage: string | null; models: string | null; sort_score: number };

/** The lead rows of one index object (IndexObject.ts). */
export class LeadIndex {
  constructor(private readonly sql: SqlStorage) {}

  /**
   * Adds or updates a lead's row; `lastSeen` never goes back. With `report`, the row joins insights batch
   * `batch` with `notes`, added to what it has waiting in one of the batches `keep` (InsightsOutbox.ts).
   */
  upsert(e: LeadIndexEntry, report?: { notes?: LeadReport; batch: number; keep: readonly number[] }): void {
    let waits: Waits | undefined;
    if (report) {
      const old = this.sql.exec<{ notes: string | null; notes_batch: number | null }>('SELECT notes, notes_batch FROM leads WHERE name = ?', e.name).toArray()[0];
      const kept = old?.notes != null && old.notes_batch !== null && report.keep.includes(old.notes_batch) ? (JSON.parse(old.notes) as LeadReport) : undefined;
      waits = { notes: JSON.stringify(mergeReports(kept, report.notes ?? {})), batch: report.batch };
    }
    this.write(e, 'upsert', waits);
  }

  /** The reports of the rows waiting in insights batch `batch` (of `names`, or found by a scan), each with its score. */
  waitingReports(batch: number, names: readonly string[] | null): { lead: string; report: LeadReport }[] {
    type Waiting = { name: string; score: number; notes: string };
    const rows: Waiting[] = [];
    if (names === null) rows.push(...this.sql.exec<Waiting>('SELECT name, score, notes FROM leads WHERE notes_batch = ?', batch));
    else {
      for (let i = 0; i < names.length; i += 500) {
        rows.push(...this.sql.exec<Waiting>('SELECT name, score, notes FROM leads WHERE name IN (SELECT value FROM json_each(?)) AND notes_batch = ?', JSON.stringify(names.slice(i, i + 500)), batch));
      }
    }
    return rows.map((r) => ({ lead: r.name, report: { ...(JSON.parse(r.notes) as LeadReport), score: r.score } }));
  }

  /** Moves rows still waiting in batch `from` to batch `to` (a batch that could not be sent). */
  moveReports(names: readonly string[], from: number, to: number): void {
    for (let i = 0; i < names.length; i += 500) {
      this.sql.exec('UPDATE leads SET notes_batch = ? WHERE notes_batch = ? AND name IN (SELECT value FROM json_each(?))', to, from, JSON.stringify(names.slice(i, i + 500)));
    }
  }

  /** Adds a lead's row unless the lead has one (moving rows from an older layout: a newer row wins). */
  adopt(e: LeadIndexEntry): void {
    this.write(e, 'adopt');
  }

  private write(e: LeadIndexEntry, how: 'upsert' | 'adopt', waits?: Waits): void {
    this.writeRow(e, how, waits);
    // Adopted rows come from a layout without extras; an upsert's replace the lead's model rows.
    if (how === 'adopt' || !e.extras) return;
    this.sql.exec('DELETE FROM lead_models WHERE name = ?', e.name);
    for (const m of e.extras.models) this.sql.exec('INSERT INTO lead_models (name, model, score, band, grade) VALUES (?, ?, ?, ?, ?)', e.name, m.id, m.score, m.band, m.grade);
  }

  private writeRow(e: LeadIndexEntry, how: 'upsert' | 'adopt', waits?: Waits): void {
    if (how === 'adopt') {
      this.sql.exec(
        'INSERT OR IGNORE INTO leads (name, id, score, band, last_seen, identified, rev, published_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
        e.name, e.id, e.score, e.band, e.lastSeen, e.identified ? 1 : 0, e.rev ?? 0, e.publishedAt ?? null,
      );
      return;
    }
    this.sql.exec(
      `INSERT INTO leads (name, id, score, band, last_seen, identified, rev, published_at, grade, stage, notes, notes_batch) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (name) DO UPDATE SET id = excluded.id, score = excluded.score, band = excluded.band,
         last_seen = MAX(last_seen, excluded.last_seen), identified = excluded.identified, rev = excluded.rev,
         published_at = COALESCE(excluded.published_at, published_at), grade = excluded.grade, stage = excluded.stage,
         notes = COALESCE(excluded.notes, notes), notes_batch = COALESCE(excluded.notes_batch, notes_batch)`,
      e.name, e.id, e.score, e.band, e.lastSeen, e.identified ? 1 : 0, e.rev ?? 0, e.publishedAt ?? null, e.extras?.grade ?? null, e.extras?.stage ?? null, waits?.notes ?? null, waits?.batch ?? null,
    );
  }

  /** Removes a lead's row (merged into another lead, or erased). */
  remove(name: string): void {
    this.sql.exec('DELETE FROM leads WHERE name = ?', name);
    this.sql.exec('DELETE FROM lead_models WHERE name = ?', name);
  }

  /** Leads by score (the primary's, or `sort`'s), highest first, after the position `after` of the previous page. */
  list(opts: ListOptions): LeadIndexEntry[] {
    const joins: string[] = [];
    const where: string[] = [];
    const args: (string | number)[] = [];
    const joined = (model: string, alias: string) => {
      joins.push(`JOIN lead_models ${alias} ON ${alias}.name = l.name AND ${alias}.model = ?`);
      args.push(model);
      return alias;
    };
    const sort = opts.sort === undefined ? 'l' : joined(opts.sort, 's');
    const filter = opts.model === undefined ? 'l' : opts.model === opts.sort ? sort : joined(opts.model, 'f');
    if (opts.band) {
      where.push(`${filter}.band = ?`);
      args.push(opts.band);
    }
    if (opts.grade) {
      where.push(`${filter}.grade = ?`);
      args.push(opts.grade);
    }
    if (opts.stage) {
      where.push('l.stage = ?');
      args.push(opts.stage);
    }
    if (opts.after) {
      where.push(`(${sort}.score < ? OR (${sort}.score = ? AND l.name > ?))`);
      args.push(opts.after.score, opts.after.score, opts.after.name);
    }
    const models = opts.withModels ? '(SELECT json_group_array(json_array(m.model, m.score, m.band, m.grade)) FROM lead_models m WHERE m.name = l.name)' : 'NULL';
    const query = `SELECT l.*, ${sort}.score AS sort_score, ${models} AS models FROM leads l ${joins.join(' ')} ${where.length ? 'WHERE ' + where.join(' AND ') : ''} ORDER BY ${sort}.score DESC, l.name LIMIT ?`;
    const rows = this.sql.exec<Row>(query, ...args, opts.limit).toArray();
    return rows.map((r) => {
      const cells = r.models ? (JSON.parse(r.models) as [string, number, Band, Grade | null][]).map(([id, score, band, grade]): ModelCell => ({ id, score, band, grade })) : [];
      const extras = r.grade !== null || r.stage !== null || cells.length ? { extras: { grade: r.grade, stage: r.stage, models: cells } } : {};
      return { name: r.name, id: r.id, score: r.score, band: r.band, lastSeen: r.last_seen, identified: r.identified === 1, ...(r.published_at === null ? {} : { publishedAt: r.published_at }), ...extras, ...(opts.sort !== undefined ? { sortScore: r.sort_score } : {}) };
    });
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

  /** Notes that `name` was rescored with revision `rev` (no write when its upsert carried it already). */
  markRescored(name: string, rev: number): void {
    this.sql.exec('UPDATE leads SET rev = ? WHERE name = ? AND rev < ?', rev, name, rev);
  }
}
