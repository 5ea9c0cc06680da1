// The marketer API's replies as the dashboard reads them (docs: /openapi.json); only the fields it uses.

/** A lead's band. */
export type Band = 'cold' | 'warm' | 'hot';

/** The lowest score of the warm and of the hot band (the site configuration's `bands`). */
export type Bands = { warm: number; hot: number };

/** `GET /v1/stats`. */
export type Stats = { total: number; bands: Record<Band, number>; histogram: number[] };

/** One row of `GET /v1/leads`. */
export type LeadSummary = { id: string; score: number; band: Band; lastSeen: string; identified: boolean };

/** `GET /v1/leads`: one page. */
export type LeadPage = { leads: LeadSummary[]; cursor: string | null };

/** What one rule adds to a lead's score. */
export type Contribution = { rule: string; points: number; count: number };

/** One event of a lead's timeline. */
export type LeadEvent = { type: string; at: string; path?: string; url?: string; name?: string; ms?: number; lead?: string; count?: number };

/** `GET /v1/leads/{id}`. */
export type LeadDetail = {
  id: string;
  score: number;
  band: Band;
  raw: number;
  identified: boolean;
  contributions: Contribution[];
  events: LeadEvent[];
  eventCount: number;
  visitorCount: number;
  firstSeen: string;
  lastSeen: string;
  traits: Record<string, unknown>;
};

/** A metric's 75th percentile over its samples; null when the path has none. */
export type MetricP75 = { p75: number; samples: number } | null;

/** One path of `GET /v1/vitals`. */
export type VitalsPath = { path: string; samples: number; lcp: MetricP75; inp: MetricP75; cls: MetricP75 };

/** `GET /v1/vitals`. */
export type VitalsReport = { paths: VitalsPath[] };
