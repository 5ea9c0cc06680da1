// The pure scoring function of SPEC.md §5: (events, configuration, now) → score, band and contributions.
// No I/O and no clock: everything it needs comes in its arguments.
import type { EventType } from '../collectSchema';
import type { SiteConfig } from '../site/siteConfigSchema';
import { DAY } from '../time';
import { compileRules, matchesRule } from './compileRules';
import { visitBucket, visitStarts } from './visitBucket';

/**
 * A lead's event as the rules see it. A folded aggregate (SPEC.md §5: counts per type, path or name or
 * url, and UTC day) has `count` > 1, its mean time as `ts`, and the visits its events fell in as `visits`.
 */
export interface ScoredEvent {
  type: EventType;
  ts: number;
  path?: string;
  url?: string;
  name?: string;
  /** How many events this stands for (folded aggregates); 1 when absent. */
  count?: number;
  /** Folded aggregates: the visits (by start time, -1 before the first visit) its events fell in. */
  visits?: number[];
}

/** What scoreLead reads of a configuration: a site's, or one engagement model of it (siteModels.ts). */
export type Scorable = Pick<SiteConfig, 'rules' | 'halfLifeDays' | 'bands'>;

/** The three bands of a score. */
export type Band = 'cold' | 'warm' | 'hot';

/** What one rule added to the score (decayed and capped, before rounding and clamping). */
export interface Contribution {
  rule: string;
  /** The rule's `label`, when it has one. */
  label?: string;
  points: number;
  /** Events counted (with `once`: visits or days counted). */
  count: number;
}

/** The score a beacon's reply and `GET /v1/score` carry (SPEC.md §4). */
export interface ScoreReply {
  score: number;
  band: Band;
  /** The other models' scores and bands, on a site with several models (issue 13; scoreReply.ts). */
  models?: Record<string, { score: number; band: Band }>;
}

/** A score with its explanation. */
export interface ScoreResult {
  score: number;
  band: Band;
  /** Sum of the contributions before rounding and clamping. */
  raw: number;
  contributions: Contribution[];
}


/** The band of a score under the configuration's thresholds. */
export function bandFor(score: number, bands: { warm: number; hot: number }): Band {
  return score >= bands.hot ? 'hot' : score >= bands.warm ? 'warm' : 'cold';
}

/** The decay factor of an event of time `ts` at `now`: halves every `halfLifeDays` (0 or absent: none). */
export function decayFactor(ts: number, now: number, halfLifeDays: number | undefined): number {
  if (!halfLifeDays) return 1;
  return 0.5 ** (Math.max(0, now - ts) / (halfLifeDays * DAY));
}

/**
 * Scores a lead. Each rule sums the points of its matched events, each decayed by its age with the
 * configuration's half-life, then bounds the sum by `max` (by `-max` for a negative rule). With `once`,
 * a rule counts at most one event per visit (the span between two `visit` events) or per UTC day: the
 * most recent of each, which decayed least. Score = the rounded sum, clamped to 0–100.
 *
 * `matched` (optional, see RuleMatches) holds, per rule, the events it matches in the order of `events`:
 * a caller that keeps it up to date as events arrive spares matching the whole history on every score.
 */
export function scoreLead(events: readonly ScoredEvent[], config: Scorable, now: number, matched?: readonly (readonly ScoredEvent[])[]): ScoreResult {
  const rules = compileRules(config);
  const decay = (ts: number) => decayFactor(ts, now, config.halfLifeDays);
  let starts: number[] | null = null;

  let raw = 0;
  const contributions: Contribution[] = [];
  for (const [i, compiled] of rules.entries()) {
    const { rule } = compiled;
    // The same events in the same order either way, so the sums are the same to the last bit.
    const counted = matched ? matched[i]! : events.filter((e) => matchesRule(compiled, e));
    let total = 0;
    let count = 0;
    if (rule.once) {
      // Latest matched time per bucket (a UTC day, or a visit named by its start time).
      const latest = new Map<number, number>();
      const keep = (bucket: number, ts: number) => {
        const prev = latest.get(bucket);
        if (prev === undefined || ts > prev) latest.set(bucket, ts);
      };
      for (const e of counted) {
        if (rule.once === 'day') keep(Math.floor(e.ts / DAY), e.ts);
        else if (e.visits) for (const v of e.visits) keep(v, e.ts);
        else keep(visitBucket((starts ??= visitStarts(events)), e.ts), e.ts);
      }
      for (const ts of latest.values()) total += rule.points * decay(ts);
      count = latest.size;
    } else {
      for (const e of counted) {
        const n = e.count ?? 1;
        total += rule.points * n * decay(e.ts);
        count += n;
      }
    }
    if (rule.max !== undefined) total = rule.points >= 0 ? Math.min(total, rule.max) : Math.max(total, -rule.max);
    raw += total;
    contributions.push({ rule: rule.id, points: total, count });
  }
  const score = Math.min(100, Math.max(0, Math.round(raw)));
  return { score, band: bandFor(score, config.bands), raw, contributions };
}
