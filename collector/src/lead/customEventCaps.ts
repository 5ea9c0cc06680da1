// Caps on custom events (issue 11): each event name counts at most N times per visit and M times per UTC
// day of a lead. Events over a cap are dropped — answered 200 like the rest of the beacon, never stored —
// so that a loop of clicks cannot fill a history or drive a score. Counts come from the history itself, so
// they need no storage of their own and hold across restarts.
import { visitBucket, visitStarts } from '../scoring/visitBucket';
import { DAY } from '../time';
import type { Limits } from './leadBudget';
import type { StoredEvent } from './storedEvent';

/**
 * The events of `incoming` that fit the caps, in order, given the lead's `history` (folded aggregates
 * count with their `count`). An event whose id the history holds already is kept: storing it again is a
 * no-op, and refusing it would make a resend look different from the original.
 */
export function capCustomEvents(incoming: readonly StoredEvent[], history: readonly StoredEvent[], limits: Pick<Limits, 'customEventsPerVisit' | 'customEventsPerDay'>): StoredEvent[] {
  if (!incoming.some((e) => e.type === 'event')) return [...incoming];
  const starts = visitStarts([...history, ...incoming]);
  const perDay = new Map<string, number>();
  const perVisit = new Map<string, number>();
  const known = new Set<string>();
  // A visit's key holds its day too: a lead without visit events (a server's) has one bucket for all time,
  // which must not become a cap for life. A visit across midnight counts as two.
  const keys = (e: StoredEvent) => {
    const day = `${e.name}\n${Math.floor(e.ts / DAY)}`;
    return [day, `${day}\n${visitBucket(starts, e.ts)}`] as const;
  };
  const add = (map: Map<string, number>, key: string, n: number) => map.set(key, (map.get(key) ?? 0) + n);
  for (const e of history) {
    known.add(e.id);
    if (e.type !== 'event') continue;
    const [day, visit] = keys(e);
    add(perDay, day, e.count ?? 1);
    add(perVisit, visit, e.count ?? 1);
  }
  return incoming.filter((e) => {
    if (e.type !== 'event' || known.has(e.id)) return true;
    const [day, visit] = keys(e);
    if ((perDay.get(day) ?? 0) >= limits.customEventsPerDay || (perVisit.get(visit) ?? 0) >= limits.customEventsPerVisit) return false;
    known.add(e.id);
    add(perDay, day, 1);
    add(perVisit, visit, 1);
    return true;
  });
}
