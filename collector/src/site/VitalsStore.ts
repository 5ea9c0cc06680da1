// Web vitals samples (table `vitals` of an index object), kept for 28 days; the report is made from the
// samples of every index object of a site (vitalsReport.ts).
import { DAY } from '../time';
import type { VitalsSample } from './vitalsSamples';

/** How long web vitals samples are kept (CrUX reports a 28-day window too). */
export const VITALS_WINDOW_MS = 28 * DAY;
/** Most samples one index object hands to a report, newest first: what a p75 needs, bounded. */
export const VITALS_REPORT_SAMPLES = 20_000;

type Sample = Pick<VitalsSample, 'path' | 'lcp' | 'inp' | 'cls'>;

/** The vitals samples of one index object. */
export class VitalsStore {
  constructor(private readonly sql: SqlStorage) {}

  /** Keeps page views' web vitals (once per event id) and drops those older than the window. */
  add(samples: readonly VitalsSample[], now: number): void {
    for (const v of samples) {
      this.sql.exec('INSERT OR IGNORE INTO vitals (id, path, visitor, ts, lcp, inp, cls) VALUES (?, ?, ?, ?, ?, ?, ?)', v.id, v.path, v.visitor, v.ts, v.lcp, v.inp, v.cls);
    }
    this.sql.exec('DELETE FROM vitals WHERE ts < ?', now - VITALS_WINDOW_MS);
  }

  /** The samples of the window, newest first, at most VITALS_REPORT_SAMPLES. */
  recent(now: number): Sample[] {
    return this.sql
      .exec<Sample>('SELECT path, lcp, inp, cls FROM vitals WHERE ts >= ? ORDER BY ts DESC LIMIT ?', now - VITALS_WINDOW_MS, VITALS_REPORT_SAMPLES)
      .toArray()
      .map((r) => ({ path: r.path, lcp: r.lcp, inp: r.inp, cls: r.cls }));
  }

  /** Forgets the samples of erased visitors. */
  eraseVisitors(visitors: readonly string[]): void {
    if (visitors.length) this.sql.exec('DELETE FROM vitals WHERE visitor IN (SELECT value FROM json_each(?))', JSON.stringify(visitors));
  }
}
