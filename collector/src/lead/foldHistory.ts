// Bounds a lead's history (SPEC.md §5): raw events past retention or past the count limit are folded into
// counts per (type, path or name or url, UTC day), which the rules still match. Pure: the caller stores.
import { type ScoredEvent } from '../scoring/scoreLead';
import { DAY } from '../time';
import { visitBucket, visitStarts } from '../scoring/visitBucket';

/** One folded aggregate: `count` events of one type and key on one UTC day. */
export interface Aggregate {
  type: ScoredEvent['type'];
  /** The path (pageview, engaged, vitals), name (event), url (download), or '' (visit, identify). */
  key: string;
  /** UTC day number (days since the epoch). */
  day: number;
  count: number;
  /** Mean time of the folded events: what decay sees. */
  ts: number;
  /** The visits (by start time) the folded events fell in: what `once: "visit"` sees. */
  visits: number[];
}

/** Most visits an aggregate remembers; a real visitor starts at most 48 a day (30 minutes each). */
export const MAX_AGGREGATE_VISITS = 96;

/** What a fold changes: raw events to remove (their ids stay known), aggregates to write or drop. */
export interface FoldPlan {
  folded: { id: string; ts: number }[];
  upsert: Aggregate[];
  drop: Aggregate[];
}

/** The key a folded event is counted under. */
export function foldKey(e: ScoredEvent): string {
  switch (e.type) {
    case 'download':
      return e.url ?? '';
    case 'event':
      return e.name ?? '';
    case 'pageview':
    case 'engaged':
    case 'vitals':
      return e.path ?? '';
    default:
      return '';
  }
}

/** An aggregate as the scoring function sees it. */
export function aggregateEvent(a: Aggregate): ScoredEvent & { id: string; visitor: string } {
  const e: ScoredEvent & { id: string; visitor: string } = { id: `agg:${a.type}:${a.day}:${a.key}`, visitor: '', type: a.type, ts: a.ts, count: a.count, visits: a.visits };
  if (a.type === 'download') e.url = a.key;
  else if (a.type === 'event') e.name = a.key;
  else if (a.type === 'pageview' || a.type === 'engaged' || a.type === 'vitals') e.path = a.key;
  return e;
}

const rowKey = (type: string, key: string, day: number) => `${type}\n${day}\n${key}`;

/**
 * Plans a fold of `raw` (the lead's unfolded events) given its `aggregates`: every event older than
 * `before`, and the oldest beyond the newest `keep`, go into aggregates; beyond `maxAggregates`, the
 * oldest aggregates (decayed the most) are dropped.
 */
export function foldHistory(
  raw: readonly (ScoredEvent & { id: string })[],
  aggregates: readonly Aggregate[],
  opts: { before: number; keep: number; maxAggregates: number },
): FoldPlan {
  const sorted = [...raw].sort((a, b) => a.ts - b.ts);
  let n = Math.max(0, sorted.length - opts.keep);
  while (n < sorted.length && sorted[n]!.ts < opts.before) n++;
  const folding = sorted.slice(0, n);
  if (!folding.length && aggregates.length <= opts.maxAggregates) return { folded: [], upsert: [], drop: [] };

  // Visits are named by their start time, over raw events and aggregates alike, as scoreLead names them.
  const starts = visitStarts([...raw, ...aggregates.map(aggregateEvent)]);
  const rows = new Map(aggregates.map((a) => [rowKey(a.type, a.key, a.day), a]));
  const changed = new Map<string, Aggregate>();
  for (const e of folding) {
    const day = Math.floor(e.ts / DAY);
    const key = foldKey(e);
    const k = rowKey(e.type, key, day);
    const prev = changed.get(k) ?? rows.get(k);
    const visit = e.type === 'visit' ? e.ts : visitBucket(starts, e.ts);
    const next: Aggregate = prev
      ? { ...prev, count: prev.count + 1, ts: (prev.ts * prev.count + e.ts) / (prev.count + 1), visits: prev.visits.includes(visit) || prev.visits.length >= MAX_AGGREGATE_VISITS ? prev.visits : [...prev.visits, visit] }
      : { type: e.type, key, day, count: 1, ts: e.ts, visits: [visit] };
    changed.set(k, next);
  }
  for (const [k, a] of changed) rows.set(k, a);

  const drop: Aggregate[] = [];
  if (rows.size > opts.maxAggregates) {
    const stored = new Set(aggregates.map((a) => rowKey(a.type, a.key, a.day)));
    const byAge = [...rows.values()].sort((a, b) => a.ts - b.ts);
    for (const a of byAge.slice(0, rows.size - opts.maxAggregates)) {
      const k = rowKey(a.type, a.key, a.day);
      changed.delete(k);
      if (stored.has(k)) drop.push(a);
    }
  }
  return { folded: folding.map((e) => ({ id: e.id, ts: e.ts })), upsert: [...changed.values()], drop };
}

/** Default retention of raw events (SPEC.md §5); a site's `retentionDays` overrides it. */
export const RETENTION_DAYS = 180;
/** Raw events a lead keeps before the oldest are folded... */
export const MAX_RAW_EVENTS = 1_000;
/** ...down to this many, so that a fold does not run on every beacon. */
export const KEEP_RAW_EVENTS = 750;
/** Aggregate rows a lead keeps; beyond, the oldest (decayed the most) are dropped. */
export const MAX_AGGREGATES = 2_000;
