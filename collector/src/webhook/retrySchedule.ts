// When a failed webhook delivery is tried again: exponential backoff, given up a day after the first try.

/** Default delay before the first retry; doubled after each failure (SPEC.md §6: first retry within a minute). */
export const BASE_DELAY_MS = 30_000;
/** The longest wait between two attempts. */
export const MAX_DELAY_MS = 60 * 60_000;
/** How long a delivery is retried before it is dropped. */
export const GIVE_UP_AFTER_MS = 24 * 60 * 60_000;

/** The base delay: `WEBHOOK_BASE_DELAY_MS` when set to a positive number (tests shorten it), else the default. */
export function baseDelay(configured: string | undefined): number {
  const n = Number(configured);
  return configured && Number.isFinite(n) && n > 0 ? n : BASE_DELAY_MS;
}

/**
 * When to make attempt number `failures + 1` after `failures` failed ones, the first at `firstAt`:
 * `base · 2^(failures−1)` after `now`, capped at an hour; null once that is past a day after the first.
 */
export function nextAttemptAt(firstAt: number, failures: number, now: number, base = BASE_DELAY_MS): number | null {
  const at = now + Math.min(base * 2 ** Math.max(0, failures - 1), MAX_DELAY_MS);
  return at - firstAt > GIVE_UP_AFTER_MS ? null : at;
}
