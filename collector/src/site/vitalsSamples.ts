// The web vitals samples of a beacon, as the site object keeps them (SPEC.md §6: p75 per path).
import type { ClientEvent } from '../collectSchema';
import { clampTs } from '../time';

/** One page view's web vitals, as a visitor's object hands them to its site. */
export interface VitalsSample {
  id: string;
  path: string;
  visitor: string;
  ts: number;
  lcp: number | null;
  inp: number | null;
  cls: number | null;
}

/** The samples of the `vitals` events of a beacon (usually none). */
export function vitalsSamples(events: readonly ClientEvent[], visitor: string, now: number): VitalsSample[] {
  const samples: VitalsSample[] = [];
  for (const e of events) {
    if (e.type !== 'vitals') continue;
    samples.push({ id: e.id, path: e.path, visitor, ts: clampTs(e.ts, now), lcp: e.lcp ?? null, inp: e.inp ?? null, cls: e.cls ?? null });
  }
  return samples;
}
