// The per-lead budget of events (issue 11). The object that scores counts it — an anonymous visitor's own
// object, or an identified lead's, which receives the beacons of all its visitors — per clock minute, in its
// state row: it holds across isolates and restarts, and 80 visitor ids of one lead share one budget.
import type { SiteConfig } from '../site/siteConfigSchema';
import { MINUTE } from '../time';

/** The limits a site gets when its configuration says nothing (docs/api.md, "Abuse limits"). */
export const DEFAULT_LIMITS = {
  /** Events one lead may add per clock minute: above the 1,000 a visitor is promised (SPEC.md §4). */
  leadEventsPerMinute: 1_200,
  /** Times each custom event name counts per visit of a lead. */
  customEventsPerVisit: 5,
  /** Times each custom event name counts per UTC day of a lead. */
  customEventsPerDay: 20,
} as const;

/** The site's limits with the defaults filled in. */
export type Limits = { -readonly [K in keyof typeof DEFAULT_LIMITS]: number };

/** The limits of `config`, defaults filled in. */
export function effectiveLimits(config: SiteConfig | undefined): Limits {
  return { ...DEFAULT_LIMITS, ...config?.limits };
}

/** What a scoring object has used of its budget: events added in the clock minute `minute` (ms / MINUTE). */
export interface LeadBudget {
  minute: number;
  used: number;
}

/** A refusal over budget: nothing of the beacon was stored; try again after `retryAfter` seconds. */
export interface OverBudget {
  error: 'rate_limited';
  retryAfter: number;
}

/**
 * Takes `n` new events from `budget` at `now`. All or nothing: a beacon that does not fit is refused whole
 * and uses nothing, so that its resend (the SDK keeps it) fits once the minute has turned.
 */
export function takeLeadBudget(budget: LeadBudget | undefined, n: number, now: number, limit: number): { budget: LeadBudget } | OverBudget {
  const minute = Math.floor(now / MINUTE);
  const used = budget?.minute === minute ? budget.used : 0;
  if (n > 0 && used + n > limit) return { error: 'rate_limited', retryAfter: secondsToNextMinute(now) };
  return { budget: { minute, used: used + n } };
}

/** Whole seconds until the next clock minute begins (at least 1). */
export function secondsToNextMinute(now: number): number {
  return Math.max(1, Math.ceil((MINUTE - (now % MINUTE)) / 1000));
}
