// When a lead's score goes to KV (SPEC.md §4): at once when its band changed or nothing was published in
// the last minute, else held back until that minute ends. KV allows 1,000 writes a day on the free plan.
import type { Band } from '../scoring/scoreLead';

/** How long a published score holds back the next one of the same band. */
export const PUBLISH_INTERVAL_MS = 60_000;

/** The score last written to KV, and when. */
export interface Published {
  score: number;
  band: Band;
  at: number;
}

/**
 * `now`: write it; `later`: hold it until `published.at + PUBLISH_INTERVAL_MS`; `none`: KV already says
 * this. A lead never published reads as 0/cold, so a zero score needs no write.
 */
export function publishDecision(published: Published | undefined, next: { score: number; band: Band }, now: number): 'now' | 'later' | 'none' {
  if (published ? published.score === next.score && published.band === next.band : next.score === 0) return 'none';
  if (!published || published.band !== next.band || now - published.at >= PUBLISH_INTERVAL_MS) return 'now';
  return 'later';
}
