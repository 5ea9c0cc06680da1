// A site's web vitals samples (table `vitals`) and their p75 per path (SPEC.md §6, `GET /v1/vitals`).
import { DAY } from '../time';
import type { VitalsSample } from './vitalsSamples';

/** A metric's 75th percentile (nearest rank) over its samples. */
export interface MetricP75 {
  p75: number;
  samples: number;
}

/** The web vitals of one path. */
export interface PathVitals {
  path: string;
  samples: number;
  lcp: MetricP75 | null;
  inp: MetricP75 | null;
  cls: MetricP75 | null;
}

/** How long web vitals samples are kept (CrUX reports a 28-day window too). */
export const VITALS_WINDOW_MS = 28 * DAY;
/** Most paths a vitals report lists, by sample count. */
const VITALS_MAX_PATHS = 500;

/** The vitals samples of one site. */
export class VitalsStore {
  constructor(private readonly sql: SqlStorage) {}

  /** Keeps page views' web vitals (once per event id) and drops those older than the window. */
  add(samples: readonly VitalsSample[], now: number): void {
    for (const v of samples) {
      this.sql.exec('INSERT OR IGNORE INTO vitals (id, path, visitor, ts, lcp, inp, cls) VALUES (?, ?, ?, ?, ?, ?, ?)', v.id, v.path, v.visitor, v.ts, v.lcp, v.inp, v.cls);
    }
    this.sql.exec('DELETE FROM vitals WHERE ts < ?', now - VITALS_WINDOW_MS);
  }

  /** p75 of LCP, INP and CLS per path over the window, most sampled paths first. */
  report(now: number): PathVitals[] {
    const since = now - VITALS_WINDOW_MS;
    const paths = this.sql
      .exec<{ path: string; n: number }>('SELECT path, COUNT(*) AS n FROM vitals WHERE ts >= ? GROUP BY path ORDER BY n DESC, path LIMIT ?', since, VITALS_MAX_PATHS)
      .toArray();
    const report = new Map<string, PathVitals>(paths.map((p) => [p.path, { path: p.path, samples: p.n, lcp: null, inp: null, cls: null }]));
    for (const metric of ['lcp', 'inp', 'cls'] as const) {
      // Nearest-rank p75: the value at rank ceil(0.75 n) = floor((3n + 3) / 4) in ascending order.
      const rows = this.sql.exec<{ path: string; v: number; n: number }>(
        `SELECT path, v, n FROM (
           SELECT path, ${metric} AS v, ROW_NUMBER() OVER (PARTITION BY path ORDER BY ${metric}) AS rank,
             COUNT(*) OVER (PARTITION BY path) AS n
           FROM vitals WHERE ts >= ? AND ${metric} IS NOT NULL)
         WHERE rank = (3 * n + 3) / 4`,
        since,
      );
      for (const r of rows) {
        const entry = report.get(r.path);
        if (entry) entry[metric] = { p75: r.v, samples: r.n };
      }
    }
    return [...report.values()];
  }

  /** Forgets the samples of erased visitors. */
  eraseVisitors(visitors: readonly string[]): void {
    for (const v of visitors) this.sql.exec('DELETE FROM vitals WHERE visitor = ?', v);
  }
}
