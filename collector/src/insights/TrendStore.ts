// A site's days (`GET /v1/sites/:site/trend`): leads active each day, outcomes by the day they happened, and
// the scores of every lead as they stood at the end of each day — a copy of the 101 score counts, taken by
// the first write of the next day (nothing changes them in between), so no alarm and no pass over the leads.
import { range } from './features';

/** Default days a site's trend is kept, when its configuration names no `retentionDays` (as history). */
export const TREND_RETENTION_DAYS = 180;
const DAY_MS = 86_400_000;

/** One day of the trend, as stored. */
export interface TrendDay {
  day: number;
  active: number;
  /** Leads per score 0–100 at the end of the day (today: now); null for days before counting began. */
  scores: number[] | null;
  outcomes: Record<string, { n: number; value: number }>;
}

/** The days of one site. */
export class TrendStore {
  /** Rows this instance has written (the bench reads it). */
  rowsWritten = 0;

  constructor(private readonly sql: SqlStorage) {}

  /**
   * Before any change on a new UTC day: keeps the score counts as the end of the last day anything
   * changed and of the quiet days after it, drops days past retention and the active-lead marks of
   * days gone by.
   */
  roll(now: number, retentionDays?: number): void {
    const today = Math.floor(now / DAY_MS);
    if (retentionDays !== undefined && retentionDays !== this.retention()) this.exec("INSERT INTO meta (k, v) VALUES ('trendRetention', ?) ON CONFLICT (k) DO UPDATE SET v = excluded.v", String(retentionDays));
    const last = this.sql.exec<{ v: string }>("SELECT v FROM meta WHERE k = 'trendDay'").toArray()[0];
    const lastDay = last ? Number(last.v) : null;
    if (lastDay !== null && lastDay >= today) return;
    const keep = this.retention();
    if (lastDay !== null) {
      const scores = JSON.stringify(this.scoresNow());
      for (let d = Math.max(lastDay, today - keep); d < today; d++) {
        this.exec('INSERT INTO days (day, scores) VALUES (?, ?) ON CONFLICT (day) DO UPDATE SET scores = excluded.scores', d, scores);
      }
    }
    this.exec("INSERT INTO meta (k, v) VALUES ('trendDay', ?) ON CONFLICT (k) DO UPDATE SET v = excluded.v", String(today));
    this.exec('DELETE FROM days WHERE day < ?', today - keep);
    this.exec('DELETE FROM day_outcomes WHERE day < ?', today - keep);
  }

  /** Adds `n` leads to those active on `day` (each lead's own days are kept with it: InsightsStore.ts). */
  addActive(day: number, n: number): void {
    this.exec('INSERT INTO days (day, active) VALUES (?, ?) ON CONFLICT (day) DO UPDATE SET active = active + excluded.active', day, n);
  }

  /** Adds (or, for an erased lead, takes back) an outcome on the day it happened. */
  outcome(day: number, outcome: string, n: number, value: number): void {
    this.exec('INSERT INTO day_outcomes (day, outcome, n, value) VALUES (?, ?, ?, ?) ON CONFLICT (day, outcome) DO UPDATE SET n = n + excluded.n, value = value + excluded.value', day, outcome, n, value);
  }

  /** The last `days` days up to today, oldest first; today's scores are the counts now (call `roll` first). */
  days(days: number, now: number): TrendDay[] {
    const today = Math.floor(now / DAY_MS);
    const from = today - days + 1;
    const rows = new Map(this.sql.exec<{ day: number; active: number; scores: string | null }>('SELECT * FROM days WHERE day >= ?', from).toArray().map((r) => [r.day, r]));
    const outcomes = new Map<number, TrendDay['outcomes']>();
    for (const r of this.sql.exec<{ day: number; outcome: string; n: number; value: number }>('SELECT * FROM day_outcomes WHERE day >= ? AND n != 0', from)) {
      const o = outcomes.get(r.day) ?? outcomes.set(r.day, {}).get(r.day)!;
      o[r.outcome] = { n: r.n, value: r.value };
    }
    const out: TrendDay[] = [];
    for (let d = from; d <= today; d++) {
      const r = rows.get(d);
      const scores = d === today ? this.scoresNow() : r?.scores ? (JSON.parse(r.scores) as number[]) : null;
      out.push({ day: d, active: r?.active ?? 0, scores, outcomes: outcomes.get(d) ?? {} });
    }
    return out;
  }

  /** Days the trend is kept. */
  retention(): number {
    const row = this.sql.exec<{ v: string }>("SELECT v FROM meta WHERE k = 'trendRetention'").toArray()[0];
    return row ? Number(row.v) : TREND_RETENTION_DAYS;
  }

  /** Leads per current score 0–100 (the counts of every lead, tallies of outcome ''). */
  private scoresNow(): number[] {
    const scores = Array.from({ length: 101 }, () => 0);
    const [s0, s1] = range('s');
    for (const r of this.sql.exec<{ feature: string; cur: number }>("SELECT feature, cur FROM tallies WHERE outcome = '' AND feature >= ? AND feature < ?", s0, s1)) {
      const s = Number(r.feature.slice(2));
      if (s >= 0 && s <= 100) scores[s] = r.cur;
    }
    return scores;
  }

  private exec(query: string, ...args: SqlStorageValue[]): SqlStorageCursor<Record<string, SqlStorageValue>> {
    const cursor = this.sql.exec(query, ...args);
    this.rowsWritten += cursor.rowsWritten;
    return cursor;
  }
}
