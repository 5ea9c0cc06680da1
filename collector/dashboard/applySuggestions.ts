// The configuration after "apply": the picked rules get their suggested points — with `max` scaled alike, so
// the same number of repeats still counts — and picked signals no rule covers become rules. Pure: the page
// PUTs the result, and the collector rescores every lead as for any change.
import type { Rule, SiteConfig } from './types';

/** What the marketer picked: new points for existing rules, and new rules. */
export type Picks = { points: Map<string, number>; rules: Rule[] };

/** `config` with `picks` applied (a new object; `config` is left as it was). */
export function applySuggestions(config: SiteConfig, picks: Picks): SiteConfig {
  const rules = config.rules.map((r): Rule => {
    const points = picks.points.get(r.id);
    if (points === undefined || points === r.points) return r;
    const { max, ...rest } = r;
    if (max === undefined || r.points === 0 || points === 0) return { ...rest, points };
    return { ...rest, points, max: Math.min(1000, Math.max(1, Math.round((max / Math.abs(r.points)) * Math.abs(points)))) };
  });
  const ids = new Set(rules.map((r) => r.id));
  for (const r of picks.rules) {
    let id = r.id;
    for (let n = 2; ids.has(id); n++) id = `${r.id.slice(0, 60)}-${n}`;
    ids.add(id);
    rules.push({ ...r, id });
  }
  return { ...config, rules };
}

/** The changes in words, for the confirmation. */
export function describePicks(config: SiteConfig, picks: Picks): string[] {
  const lines = config.rules.filter((r) => picks.points.has(r.id) && picks.points.get(r.id) !== r.points).map((r) => `${r.id}: ${r.points} → ${picks.points.get(r.id)} points`);
  for (const r of picks.rules) lines.push(`new rule ${r.id}: ${r.points} points`);
  return lines;
}
