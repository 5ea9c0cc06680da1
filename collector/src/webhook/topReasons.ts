// The reasons a `lead.hot` delivery gives for the score: the rules that add most, with the marketer's labels.
import type { Contribution } from '../scoring/scoreLead';
import type { Rule } from '../site/siteConfigSchema';
import type { HotReason } from './hotPayload';

/** How many reasons a delivery names. */
export const MAX_REASONS = 3;

/** A rule's label when the configuration gives one (an optional `label` per rule), else its id. */
export function ruleLabel(rule: Pick<Rule, 'id'> | undefined, id: string): string {
  const label = (rule as { label?: unknown } | undefined)?.label;
  return typeof label === 'string' && label.trim() ? label : id;
}

/** The positive contributions, highest first, at most MAX_REASONS, labelled from `rules`. */
export function topReasons(contributions: readonly Contribution[], rules: readonly Rule[]): HotReason[] {
  const byId = new Map(rules.map((r) => [r.id, r]));
  return contributions
    .filter((c) => c.points > 0)
    .sort((a, b) => b.points - a.points || a.rule.localeCompare(b.rule))
    .slice(0, MAX_REASONS)
    .map((c) => ({ rule: c.rule, label: ruleLabel(byId.get(c.rule), c.rule), points: Math.round(c.points * 10) / 10, count: c.count }));
}
