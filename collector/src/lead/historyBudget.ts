// How much history the lead objects of one isolate keep in memory between beacons (issue 14). Durable
// Objects of a class share isolates — all of them under `wrangler dev`, many in production, within 128 MB
// (https://developers.cloudflare.com/durable-objects/platform/limits/) — and each object caches what it
// loaded of its history (LeadHistory.ts, EventLog.ts): up to 1,000 raw events, 2,000 aggregates and 20,000
// folded event ids. Each object reports the size of its cache here after it changes; past the budget, the
// caches of the objects used least recently are dropped, to be read again from storage on their next beacon.

/** An object's cache of its history, which it can drop at any time and load again from storage. */
export interface CachedHistory {
  /** Drops what is cached; the next use reads it from storage. */
  dropCache(): void;
}

/** Most cached items (events, aggregates, event ids) across one isolate's lead objects: about 25 MB. */
export const HISTORY_BUDGET = 100_000;
/**
 * What holding an object's cache costs besides its items, in items: the holder itself stays reachable while
 * held, even once the runtime evicted its object, so the budget also bounds how many are held (2,000).
 */
const PER_HOLDER = 50;

/** The caches held, least recently used first, with their sizes. */
const held = new Map<CachedHistory, number>();
let total = 0;

/** Notes that `holder` now caches `size` items and was just used; drops the least recently used caches past the budget. */
export function holdHistory(holder: CachedHistory, size: number): void {
  const cost = size + PER_HOLDER;
  total -= held.get(holder) ?? 0;
  held.delete(holder);
  held.set(holder, cost);
  total += cost;
  for (const [oldest, n] of held) {
    if (total <= HISTORY_BUDGET || oldest === holder) break;
    held.delete(oldest);
    total -= n;
    oldest.dropCache();
  }
}

/** Notes that `holder` cached nothing (it dropped its cache itself). */
export function releaseHistory(holder: CachedHistory): void {
  total -= held.get(holder) ?? 0;
  held.delete(holder);
}

/** Items cached across this isolate's lead objects (with PER_HOLDER each) and how many objects hold them. */
export function historyHeld(): { items: number; objects: number } {
  return { items: total, objects: held.size };
}
