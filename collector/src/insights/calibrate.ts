// Lead confidence (docs/insights.md): a score turned into the probability of the site's outcome, from the
// site's own history. Scores are grouped in buckets of ten points, neighbours merged until each holds
// enough leads, and the buckets' observed rates made non-decreasing by pool-adjacent-violators. Pure.
import type { SiteConfig } from '../site/siteConfigSchema';
import { poolAdjacentViolators } from './poolAdjacentViolators';
import { rocAuc } from './rocAuc';
import { wilson } from './wilson';

/** Conversions of the outcome a site needs before confidence is given. */
export const MIN_CALIBRATION_CONVERSIONS = 20;
/** Leads with a score a site needs before confidence is given. */
export const MIN_CALIBRATION_LEADS = 200;
/** Fewest leads in a bucket: smaller neighbours are merged. */
export const MIN_BUCKET_LEADS = 30;

/** Leads, conversions and the observed rate with its 95 % interval. */
export interface Observed {
  leads: number;
  conversions: number;
  rate: number;
  low: number;
  high: number;
}

/** One bucket of scores `from`–`to`: what was observed, and the calibrated probability (null until ready). */
export interface CalibrationBucket extends Observed {
  from: number;
  to: number;
  probability: number | null;
}

/** A band's leads and conversions. */
export interface BandCalibration extends Observed {
  band: 'cold' | 'warm' | 'hot';
  from: number;
  to: number;
}

/** The calibration of a site's score for one outcome. */
export interface Calibration {
  outcome: string;
  ready: boolean;
  /** Why confidence is not given yet; null when it is. */
  reason: string | null;
  leads: number;
  conversions: number;
  buckets: CalibrationBucket[];
  bands: BandCalibration[];
  /** Mean squared error of the calibrated probability against what happened; null until ready. */
  brier: number | null;
  /** The Brier score of predicting the overall rate for every lead: what the score has to beat. */
  baselineBrier: number | null;
  /** ROC AUC of the score; null without both conversions and non-conversions. */
  auc: number | null;
}

/** A lead's confidence: the calibrated probability of its score's bucket, with what it rests on. */
export interface Confidence {
  outcome: string;
  probability: number;
  /** The bucket of scores it comes from, and what was observed there. */
  bucket: { from: number; to: number; leads: number; conversions: number; rate: number };
}

const observed = (leads: number, conversions: number): Observed => ({ leads, conversions, rate: leads ? conversions / leads : 0, ...wilson(conversions, leads) });

/**
 * Calibrates from per-score counts (`leads[s]`, `conversions[s]` for s = 0…100): converted leads at the
 * score they had just before the outcome, the others at their current score.
 */
export function calibrate(outcome: string, leads: readonly number[], conversions: readonly number[], bands: SiteConfig['bands']): Calibration {
  const total = sum(leads);
  const converted = sum(conversions);
  const reason =
    converted < MIN_CALIBRATION_CONVERSIONS
      ? `needs at least ${MIN_CALIBRATION_CONVERSIONS} '${outcome}' outcomes; ${converted} so far`
      : total < MIN_CALIBRATION_LEADS
        ? `needs at least ${MIN_CALIBRATION_LEADS} scored leads; ${total} so far`
        : null;

  // Buckets of ten points (90–100 the last), merged forward until each holds MIN_BUCKET_LEADS.
  type Range = { from: number; to: number; leads: number; conversions: number };
  const ranges: Range[] = [];
  let open: Range | null = null;
  for (let d = 0; d < 10; d++) {
    const from = d * 10;
    const to = d === 9 ? 100 : from + 9;
    let n = 0;
    let c = 0;
    for (let s = from; s <= to; s++) {
      n += leads[s] ?? 0;
      c += conversions[s] ?? 0;
    }
    const next: Range = open ? { from: open.from, to, leads: open.leads + n, conversions: open.conversions + c } : { from, to, leads: n, conversions: c };
    if (next.leads >= MIN_BUCKET_LEADS) {
      ranges.push(next);
      open = null;
    } else open = next;
  }
  if (open !== null) {
    const rest: Range = open;
    const last = ranges.pop();
    ranges.push(last ? { from: last.from, to: rest.to, leads: last.leads + rest.leads, conversions: last.conversions + rest.conversions } : rest);
  }
  const filled = ranges.filter((r) => r.leads > 0);
  const rates = reason === null ? poolAdjacentViolators(filled) : null;
  const buckets: CalibrationBucket[] = filled.map((r, i) => ({ from: r.from, to: r.to, ...observed(r.leads, r.conversions), probability: rates ? rates[i]! : null }));

  const bandRanges = [
    { band: 'cold' as const, from: 0, to: Math.ceil(bands.warm) - 1 },
    { band: 'warm' as const, from: Math.ceil(bands.warm), to: Math.ceil(bands.hot) - 1 },
    { band: 'hot' as const, from: Math.ceil(bands.hot), to: 100 },
  ].filter((b) => b.to >= b.from);
  const bandRows = bandRanges.map((b) => {
    let n = 0;
    let c = 0;
    for (let s = Math.max(0, b.from); s <= b.to; s++) {
      n += leads[s] ?? 0;
      c += conversions[s] ?? 0;
    }
    return { ...b, ...observed(n, c) };
  });

  let brier: number | null = null;
  let baselineBrier: number | null = null;
  if (total > 0) {
    const p = converted / total;
    baselineBrier = p * (1 - p);
    if (rates) {
      let se = 0;
      for (const [i, b] of buckets.entries()) {
        const q = rates[i]!;
        se += b.conversions * (1 - q) ** 2 + (b.leads - b.conversions) * q * q;
      }
      brier = se / total;
    }
  }
  return { outcome, ready: reason === null, reason, leads: total, conversions: converted, buckets, bands: bandRows, brier, baselineBrier, auc: rocAuc(leads, conversions) };
}

/** The confidence of a lead scored `score`, or null until the calibration is ready. */
export function confidenceFor(cal: Calibration, score: number): Confidence | null {
  if (!cal.ready) return null;
  const b = cal.buckets.find((x) => score >= x.from && score <= x.to) ?? (score < (cal.buckets[0]?.from ?? 0) ? cal.buckets[0] : cal.buckets[cal.buckets.length - 1]);
  if (!b || b.probability === null) return null;
  return { outcome: cal.outcome, probability: b.probability, bucket: { from: b.from, to: b.to, leads: b.leads, conversions: b.conversions, rate: b.rate } };
}

const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);
