// The marketer API's replies as the dashboard reads them (docs: /openapi.json); only the fields it uses.

/** A lead's band. */
export type Band = 'cold' | 'warm' | 'hot';

/** The lowest score of the warm and of the hot band (the site configuration's `bands`). */
export type Bands = { warm: number; hot: number };

/** `GET /v1/stats`. */
export type Stats = { total: number; bands: Record<Band, number>; histogram: number[] };

/** Lead confidence: the calibrated probability of the site's outcome at the lead's score; null until enough outcomes. */
export type Confidence = { outcome: string; probability: number; bucket: { from: number; to: number; leads: number; conversions: number; rate: number } } | null;

/** One row of `GET /v1/leads`. */
export type LeadSummary = {
  id: string;
  score: number;
  band: Band;
  lastSeen: string;
  identified: boolean;
  confidence?: Confidence;
  publishedAt?: string | null;
  /** Several models (issue 13): the primary grade, the stage, the other models by id. */
  grade?: string | null;
  stage?: string | null;
  models?: Record<string, { score: number; band: Band; grade: string | null }>;
};

/** `GET /v1/leads`: one page. */
export type LeadPage = { leads: LeadSummary[]; cursor: string | null; confidenceReason?: string | null };

/** What one rule adds to a lead's score. */
export type Contribution = { rule: string; label?: string; points: number; count: number };

/** One model of a lead's details, with its contributions. */
export type ModelScore = { id: string; kind: 'engagement' | 'fit'; label?: string; primary: boolean; score: number; band: Band; grade: string | null; raw: number; contributions: Contribution[] };

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
  /** What the list shows for the lead, and since when; null when never published. */
  published?: { score: number; band: Band; at: string } | null;
  /** When the list will show the fresh score; null when it does. */
  publishDue?: string | null;
  models?: ModelScore[];
  stage?: string | null;
  stageHistory?: { stage: string; at: string; by: 'rules' | 'api' }[];
  confidence?: Confidence;
  confidenceReason?: string | null;
};

/** A metric's 75th percentile over its samples; null when the path has none. */
export type MetricP75 = { p75: number; samples: number } | null;

/** One path of `GET /v1/vitals`. */
export type VitalsPath = { path: string; samples: number; lcp: MetricP75; inp: MetricP75; cls: MetricP75 };

/** `GET /v1/vitals`. */
export type VitalsReport = { paths: VitalsPath[] };

/** What a rule matches. */
export type When = { type: string; path?: string; name?: string };

/** A signal's figures against the overall rate; `lift` and after are null without enough data. */
export type Figures = {
  leads: number;
  conversions: number;
  rate: number | null;
  lift: number | null;
  interval: { low: number; high: number } | null;
  suggestedPoints: number | null;
  status: 'ok' | 'not_enough_data' | 'not_counted';
  reason: string | null;
};

/** A rule of `GET /v1/sites/{site}/insights`. */
export type RuleInsight = Figures & { rule: string; when: When; points: number; max: number | null };

/** A signal no rule covers, with the rule that would count it. */
export type CandidateInsight = Figures & { key: string; type: string; value: string | null; suggestedRule: { id: string; when: When; points: number } };

/** One bucket of scores of the calibration. */
export type CalibrationBucket = { from: number; to: number; leads: number; conversions: number; rate: number; low: number; high: number; probability: number | null };

/** `GET /v1/sites/{site}/insights`. */
export type Insights = {
  outcome: string;
  outcomes: { outcome: string; outcomes: number; leads: number; value: number }[];
  overall: { leads: number; conversions: number; rate: number; status: 'ok' | 'not_enough_data'; reason: string | null };
  scale: { pointsPerDoubling: number };
  rules: RuleInsight[];
  candidates: CandidateInsight[];
  calibration: { ready: boolean; reason: string | null; leads: number; conversions: number; buckets: CalibrationBucket[]; brier: number | null; baselineBrier: number | null; auc: number | null; olderScores: number };
};

/** One day of `GET /v1/sites/{site}/trend`. */
export type TrendDay = { date: string; leads: number | null; averageScore: number | null; bands: Record<Band, number> | null; activeLeads: number; conversions: number };

/** A rule as `GET /v1/sites/{site}/config` holds it. */
export type Rule = { id: string; label?: string; when: When; points: number; max?: number; once?: string };

/** `GET /v1/sites/{site}/config` (only the fields the dashboard changes are typed; the rest is kept as is). */
export type SiteConfig = { rules: Rule[]; bands: Bands; [field: string]: unknown };
