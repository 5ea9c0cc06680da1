// `GET /v1/sites/:site/trend` from the stored days (TrendStore.ts): per day, leads and their average score
// and bands at the end of the day, leads active that day, and outcomes on that day. Pure.
import { bandFor } from '../scoring/scoreLead';
import type { SiteConfig } from '../site/siteConfigSchema';
import type { TrendDay } from './TrendStore';

/** One day of the trend as the API shows it. */
export interface TrendPoint {
  /** The UTC day, `YYYY-MM-DD`. */
  date: string;
  /** Leads with a score at the end of the day (today: now); null before counting began. */
  leads: number | null;
  averageScore: number | null;
  bands: { cold: number; warm: number; hot: number } | null;
  /** Leads with at least one event that day. */
  activeLeads: number;
  /** Outcomes of the site's outcome that happened that day. */
  conversions: number;
  /** Every outcome that happened that day, by name. */
  outcomes: Record<string, number>;
}

/** The trend points of `days` under the configuration's bands, for its outcome. */
export function trendReport(days: readonly TrendDay[], bands: SiteConfig['bands'], outcome: string): TrendPoint[] {
  return days.map((d) => {
    let leads = 0;
    let total = 0;
    const counts = { cold: 0, warm: 0, hot: 0 };
    d.scores?.forEach((n, s) => {
      leads += n;
      total += n * s;
      counts[bandFor(s, bands)] += n;
    });
    return {
      date: new Date(d.day * 86_400_000).toISOString().slice(0, 10),
      leads: d.scores ? leads : null,
      averageScore: d.scores && leads ? Math.round((total / leads) * 10) / 10 : null,
      bands: d.scores ? counts : null,
      activeLeads: d.active,
      conversions: d.outcomes[outcome]?.n ?? 0,
      outcomes: Object.fromEntries(Object.entries(d.outcomes).map(([k, v]) => [k, v.n])),
    };
  });
}
