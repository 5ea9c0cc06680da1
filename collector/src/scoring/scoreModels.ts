// Scores every model of a site (issue 13, docs/scoring.md#models): engagement models with scoreLead (events,
// decay, caps), fit models with their trait rules (no decay); the primary model's result is the lead's score.
// Pure, like scoreLead: (events, traits, configuration, now) in, scores and explanations out.
import type { Grade, SiteConfig } from '../site/siteConfigSchema';
import { matchesFit, type FitSubject } from './fitRule';
import { bandFor, scoreLead, type Band, type Contribution, type ScoredEvent, type ScoreResult } from './scoreLead';
import { gradeFor, primaryModel, siteModels, type EngagementModel, type Model } from './siteModels';
import type { FitRule } from '../site/modelsSchema';

/** One model's score with its explanation: the contributions add up to `raw`, which rounds and clamps to `score`. */
export interface ModelScore {
  id: string;
  kind: 'engagement' | 'fit';
  label?: string;
  score: number;
  band: Band;
  /** The grade, for a fit model or one with grades; else null. */
  grade: Grade | null;
  raw: number;
  contributions: Contribution[];
}

/** The primary model's score as the lead's, with its grade and every model's score. */
export interface ScoredModels extends ScoreResult {
  grade: Grade | null;
  /** Every model, in the configuration's order (model `default` first). */
  models: ModelScore[];
}

/** The events each rule of an engagement model matches (RuleMatches.byRule), when the caller keeps them. */
export type MatchesOf = (model: EngagementModel) => readonly (readonly ScoredEvent[])[] | undefined;

/** Scores every model of `config` for the lead with `events` and `subject`'s traits, at `now`. */
export function scoreModels(events: readonly ScoredEvent[], config: SiteConfig, now: number, subject: FitSubject, matches?: MatchesOf): ScoredModels {
  const models = siteModels(config).map((m) => scoreModel(m, events, now, subject, matches));
  const primaryId = primaryModel(config);
  const primary = models.find((m) => m.id === primaryId) ?? models[0]!;
  return { score: primary.score, band: primary.band, raw: primary.raw, contributions: primary.contributions, grade: primary.grade, models };
}

function scoreModel(m: Model, events: readonly ScoredEvent[], now: number, subject: FitSubject, matches?: MatchesOf): ModelScore {
  const result = m.kind === 'fit' ? scoreFit(m.rules as FitRule[], subject, m.bands) : scoreLead(events, m as EngagementModel, now, matches?.(m as EngagementModel));
  const labels = new Map<string, string>();
  for (const r of m.rules) if (r.label !== undefined) labels.set(r.id, r.label);
  const contributions = labels.size ? result.contributions.map((c) => (labels.has(c.rule) ? { ...c, label: labels.get(c.rule)! } : c)) : result.contributions;
  return {
    id: m.id,
    kind: m.kind,
    ...(m.label !== undefined ? { label: m.label } : {}),
    score: result.score,
    band: result.band,
    grade: m.grades ? gradeFor(result.score, m.grades) : null,
    raw: result.raw,
    contributions,
  };
}

/** A fit model's score: each rule's points once when the lead matches it; nothing decays. */
export function scoreFit(rules: readonly FitRule[], subject: FitSubject, bands: { warm: number; hot: number }): ScoreResult {
  let raw = 0;
  const contributions: Contribution[] = rules.map((r) => {
    const hit = matchesFit(r.when, subject);
    if (hit) raw += r.points;
    return { rule: r.id, points: hit ? r.points : 0, count: hit ? 1 : 0 };
  });
  const score = Math.min(100, Math.max(0, Math.round(raw)));
  return { score, band: bandFor(score, bands), raw, contributions };
}
