// The pure scoring function of SPEC.md §5: (events, configuration, now) → score, band and contributions.
// No I/O and no clock: everything it needs comes in its arguments.
import type { EventType } from '../collectSchema';
import type { Rule, SiteConfig } from '../siteConfigSchema';

/** A lead's event as the rules see it; `count` > 1 stands for events folded into one day's aggregate. */
export interface ScoredEvent {
  type: EventType;
  ts: number;
  path?: string;
  url?: string;
  name?: string;
  count?: number;
}

/** The three bands of a score. */
export type Band = 'cold' | 'warm' | 'hot';

/** What one rule added to the score (decayed and capped, before rounding and clamping). */
export interface Contribution {
  rule: string;
  points: number;
  count: number;
}

/** A score with its explanation. */
export interface ScoreResult {
  score: number;
  band: Band;
  /** Sum of the contributions before rounding and clamping. */
  raw: number;
  contributions: Contribution[];
}

const DAY_MS = 86_400_000;

interface CompiledRule {
  rule: Rule;
  matchPath: ((pathname: string) => boolean) | null;
}

const compiled = new WeakMap<SiteConfig, CompiledRule[]>();

function compile(config: SiteConfig): CompiledRule[] {
  let rules = compiled.get(config);
  if (!rules) {
    rules = config.rules.map((rule) => {
      if (rule.when.path === undefined) return { rule, matchPath: null };
      const pattern = new URLPattern({ pathname: rule.when.path });
      return { rule, matchPath: (pathname: string) => pattern.test({ pathname }) };
    });
    compiled.set(config, rules);
  }
  return rules;
}

/** The pathname a rule's `path` is matched against: the URL's pathname for downloads. */
export function pathOf(event: ScoredEvent): string | undefined {
  if (event.type === 'download') {
    if (event.url === undefined) return undefined;
    try {
      return new URL(event.url, 'http://x').pathname;
    } catch {
      return undefined;
    }
  }
  return event.path;
}

function matches(c: CompiledRule, event: ScoredEvent): boolean {
  const when = c.rule.when;
  if (when.type !== event.type) return false;
  if (when.name !== undefined && when.name !== event.name) return false;
  if (c.matchPath) {
    const pathname = pathOf(event);
    if (pathname === undefined || !c.matchPath(pathname)) return false;
  }
  return true;
}

/** The band of a score under the configuration's thresholds. */
export function bandFor(score: number, bands: SiteConfig['bands']): Band {
  return score >= bands.hot ? 'hot' : score >= bands.warm ? 'warm' : 'cold';
}

/** Number of visit starts at or before `ts` in the ascending list `visits`. */
function visitIndex(visits: number[], ts: number): number {
  let lo = 0;
  let hi = visits.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (visits[mid]! <= ts) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Scores a lead. Each rule sums the points of its matched events, each decayed by its age with the
 * configuration's half-life, then bounds the sum by `max` (by `-max` for a negative rule). With `once`,
 * a rule counts at most one event per visit or per UTC day: the most recent, which decayed least.
 */
export function scoreLead(events: readonly ScoredEvent[], config: SiteConfig, now: number): ScoreResult {
  const rules = compile(config);
  const halfLifeMs = (config.halfLifeDays ?? 0) * DAY_MS;
  const decay = (ts: number) => (halfLifeMs > 0 ? 0.5 ** (Math.max(0, now - ts) / halfLifeMs) : 1);

  let visits: number[] | null = null;
  const visitStarts = () =>
    (visits ??= events
      .filter((e) => e.type === 'visit')
      .map((e) => e.ts)
      .sort((a, b) => a - b));

  let raw = 0;
  const contributions: Contribution[] = [];
  for (const c of rules) {
    const { rule } = c;
    let total = 0;
    let count = 0;
    if (rule.once) {
      // One event per bucket: keep the latest of each.
      const latest = new Map<number, number>();
      for (const e of events) {
        if (!matches(c, e)) continue;
        const bucket = rule.once === 'day' ? Math.floor(e.ts / DAY_MS) : visitIndex(visitStarts(), e.ts);
        const prev = latest.get(bucket);
        if (prev === undefined || e.ts > prev) latest.set(bucket, e.ts);
      }
      for (const ts of latest.values()) total += rule.points * decay(ts);
      count = latest.size;
    } else {
      for (const e of events) {
        if (!matches(c, e)) continue;
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
