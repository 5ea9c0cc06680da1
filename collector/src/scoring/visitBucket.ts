// Visits as `once: "visit"` sees them: a visit is the span from one `visit` event to the next, named by
// its start time; events before the lead's first visit share the bucket -1.
import type { ScoredEvent } from './scoreLead';

/** Bucket of the events that came before any visit started. */
export const BEFORE_FIRST_VISIT = -1;

/** Start times of every visit in `events` (folded visit aggregates carry theirs in `visits`), ascending. */
export function visitStarts(events: readonly ScoredEvent[]): number[] {
  const starts: number[] = [];
  for (const e of events) {
    if (e.type !== 'visit') continue;
    if (e.visits) starts.push(...e.visits.filter((v) => v !== BEFORE_FIRST_VISIT));
    else starts.push(e.ts);
  }
  return starts.sort((a, b) => a - b);
}

/** The visit an event of time `ts` belongs to: the latest start at or before it. */
export function visitBucket(starts: readonly number[], ts: number): number {
  let lo = 0;
  let hi = starts.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (starts[mid]! <= ts) lo = mid + 1;
    else hi = mid;
  }
  return lo === 0 ? BEFORE_FIRST_VISIT : starts[lo - 1]!;
}
