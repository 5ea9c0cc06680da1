// A score's band under the site's thresholds.
import type { Band, Bands } from './types';

/** `hot` from `bands.hot` up, `warm` from `bands.warm` up, `cold` below. */
export function bandOf(score: number, bands: Bands): Band {
  return score >= bands.hot ? 'hot' : score >= bands.warm ? 'warm' : 'cold';
}
