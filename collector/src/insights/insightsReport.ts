// `GET /v1/sites/:site/insights` from the counts (InsightsStore.ts): the overall conversion rate, each
// rule's figures beside its current points, and the signal keys no rule covers that convert clearly more
// or less often than the rest. Pure: the counts and the configuration come in.
import type { Rule, SiteConfig } from '../site/siteConfigSchema';
import type { Calibration } from './calibrate';
import { keyFeature, MEMBER, ruleFeature } from './features';
import type { FeatureCounts } from './InsightsStore';
import { COUNTED_TYPES, countedSignatures, ruleSignature, SignatureMatcher, type When } from './ruleSignature';
import { keyEvent } from './signalKey';
import { MIN_EXPECTED_CONVERSIONS, MIN_SIGNAL_LEADS, MIN_SITE_CONVERSIONS, MIN_SITE_LEADS, pointsPerDoubling, signalFigures, siteShortfall, type Overall, type SignalFigures } from './signalFigures';

/** Most candidate signals listed on each side (higher and lower than the overall rate). */
export const MAX_CANDIDATES = 25;

/** A rule's figures beside its current points. */
export interface RuleInsight extends Omit<SignalFigures, 'status'> {
  rule: string;
  when: When;
  points: number;
  max: number | null;
  status: SignalFigures['status'] | 'not_counted';
}

/** A signal no rule covers, with the rule that would count it. */
export interface CandidateInsight extends SignalFigures {
  key: string;
  type: string;
  /** The path (pageview, download), the event name, or null (visit, identify). */
  value: string | null;
  /** A rule that matches exactly this signal, with the suggested points. */
  suggestedRule: { id: string; when: When; points: number };
}

/** The insights of one site for one outcome. */
export interface InsightsReport {
  outcome: string;
  outcomes: { outcome: string; outcomes: number; leads: number; value: number }[];
  overall: Overall & { status: 'ok' | 'not_enough_data'; reason: string | null };
  scale: { pointsPerDoubling: number; warm: number; hot: number };
  minimums: { siteConversions: number; siteLeads: number; signalLeads: number; expectedConversions: number };
  rules: RuleInsight[];
  candidates: CandidateInsight[];
  calibration: Calibration & { olderScores: number };
}

/** Builds the report of `outcome` from its counts. */
export function insightsReport(input: {
  config: SiteConfig;
  outcome: string;
  counts: FeatureCounts;
  outcomes: InsightsReport['outcomes'];
  calibration: Calibration;
  olderScores: number;
}): InsightsReport {
  const { config, outcome, counts } = input;
  const members = (f: string) => (counts.all.get(f) ?? 0) - (counts.converted.get(f)?.cur ?? 0) + (counts.converted.get(f)?.before ?? 0);
  const conversions = (f: string) => counts.converted.get(f)?.before ?? 0;
  const leads = members(MEMBER);
  const converted = conversions(MEMBER);
  const overall: Overall = { leads, conversions: converted, rate: leads ? converted / leads : 0 };
  const shortfall = siteShortfall(overall);

  const rules = config.rules.map((r: Rule): RuleInsight => {
    const base = { rule: r.id, when: r.when, points: r.points, max: r.max ?? null };
    if (!COUNTED_TYPES.has(r.when.type)) {
      return { ...base, leads: 0, conversions: 0, rate: null, lift: null, interval: null, suggestedPoints: null, status: 'not_counted', reason: `insights count pageview, download, event, visit and identify signals, not '${r.when.type}'` };
    }
    const f = ruleFeature(ruleSignature(r.when));
    return { ...base, ...signalFigures(members(f), conversions(f), overall, config.bands) };
  });

  const covered = new SignatureMatcher(countedSignatures(config));
  const found: CandidateInsight[] = [];
  for (const feature of counts.all.keys()) {
    if (!feature.startsWith('k:')) continue;
    const key = feature.slice(2);
    if (covered.covers(key)) continue;
    const figures = signalFigures(members(keyFeature(key)), conversions(keyFeature(key)), overall, config.bands);
    // Only what stands clear of the overall rate: the interval of its lift leaves out 1.
    if (figures.status !== 'ok' || !figures.interval || (figures.interval.low <= 1 && figures.interval.high >= 1)) continue;
    found.push({ ...figures, ...describeKey(key, figures.suggestedPoints ?? 0) });
  }
  found.sort((a, b) => b.lift! - a.lift! || a.key.localeCompare(b.key));
  const high = found.filter((c) => c.lift! > 1).slice(0, MAX_CANDIDATES);
  const low = found.filter((c) => c.lift! < 1).slice(-MAX_CANDIDATES);

  return {
    outcome,
    outcomes: input.outcomes,
    overall: { ...overall, status: shortfall ? 'not_enough_data' : 'ok', reason: shortfall },
    scale: { pointsPerDoubling: pointsPerDoubling(config.bands), warm: config.bands.warm, hot: config.bands.hot },
    minimums: { siteConversions: MIN_SITE_CONVERSIONS, siteLeads: MIN_SITE_LEADS, signalLeads: MIN_SIGNAL_LEADS, expectedConversions: MIN_EXPECTED_CONVERSIONS },
    rules,
    candidates: [...high, ...low],
    calibration: { ...input.calibration, olderScores: input.olderScores },
  };
}

/** A URLPattern pathname pattern that matches exactly `path` (its special characters escaped). */
export function literalPattern(path: string): string {
  return path.replace(/[\\:*(){}?+]/g, (c) => `\\${c}`);
}

/** The parts of a key and a rule that would count exactly it. */
function describeKey(key: string, points: number): Pick<CandidateInsight, 'key' | 'type' | 'value' | 'suggestedRule'> {
  const e = keyEvent(key);
  const value = e.path ?? e.url ?? e.name ?? null;
  const when: When = e.type === 'pageview' || e.type === 'download' ? { type: e.type, path: literalPattern(value ?? '/') } : e.type === 'event' ? { type: 'event', name: value ?? '' } : { type: e.type };
  const id = `${e.type}-${(value ?? '').replace(/[^A-Za-z0-9_.-]+/g, '-').replace(/^-+|-+$/g, '')}`.replace(/-$/, '').slice(0, 64);
  return { key, type: e.type, value, suggestedRule: { id, when, points } };
}
