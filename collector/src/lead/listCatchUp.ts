// When the lead list catches up with a lead's fresh score (issue 15): the list shows the score of the lead's
// index row, written sparingly (Publisher.ts); the detail is scored fresh, so the two may differ for up to a
// minute after a change of score within a band. The alarm's due times (alarmPlan.ts) say when it is rewritten.
import type { Band } from '../scoring/scoreLead';
import { MINUTE } from '../time';
import type { ScoringState } from './objectState';

/**
 * When the index row of `s` will show `fresh`: null when it already does, or when nothing is scheduled that
 * would rewrite it (decay alone moved the score within its band: the next event or decay check does).
 */
export function listCatchUp(s: ScoringState, fresh: { score: number; band: Band }, now: number): number | null {
  const ix = s.indexed;
  if (ix && ix.score === fresh.score && ix.band === fresh.band) return null;
  // A held-back publish rewrites the row when its minute ends; a failed index write is retried within a minute.
  const due = [s.publishPending && s.published ? s.published.at + MINUTE : Infinity, s.handOverDue ?? Infinity, s.decayAt ?? Infinity];
  const at = Math.min(...due);
  if (at !== Infinity) return Math.max(at, now);
  // Never listed and nothing due: a visitor that has not scored, which the list never shows.
  return null;
}
