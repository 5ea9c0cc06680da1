// Units of time and the clamp of client timestamps (SPEC.md §4), shared by the collector's modules.

/** One minute in milliseconds. */
export const MINUTE = 60_000;
/** One day in milliseconds (a UTC day: SPEC.md §5 counts `once: "day"` and folds per UTC day). */
export const DAY = 86_400_000;
/** How far back a client's `ts` may reach; older times are moved up to it (SPEC.md §4). */
export const MAX_EVENT_AGE = 7 * DAY;

/** A client timestamp clamped to [now − 7 days, now]: no client can backdate or postdate a signal beyond that. */
export function clampTs(ts: number, now: number): number {
  return Math.min(now, Math.max(now - MAX_EVENT_AGE, ts));
}
