// Point in time for insights (docs/insights.md): what a lead had before an outcome — the signal keys of its
// history before `at` and its score just before `at` — so that nothing it did afterwards counts as a
// predictor. Pure: the lead object hands in its history.
import { MAX_KEYS_PER_LEAD } from '../insights/InsightsStore';
import { signalKey } from '../insights/signalKey';
import { scoreLead } from '../scoring/scoreLead';
import type { SiteConfig } from '../site/siteConfigSchema';
import type { StoredEvent } from './storedEvent';

/** A lead's history seen from the time of an outcome. */
export interface SignalsBefore {
  /** Signal keys of the events before `at` (folded ones by their mean time), first ones first. */
  keys: string[];
  /** The score at `at` of the events before it, under the configuration given. */
  score: number;
  /** What the lead has now: every key with the time it first had it, and its score now. */
  current: { keys: { key: string; at: number }[]; score: number };
}

/** The keys and score of `events` before `at`, and now, under `config`. */
export function signalsBefore(events: readonly StoredEvent[], config: SiteConfig, at: number, now: number): SignalsBefore {
  const first = new Map<string, number>();
  for (const e of events) {
    const k = signalKey(e);
    if (k === null) continue;
    const t = first.get(k);
    if (t === undefined || e.ts < t) first.set(k, e.ts);
  }
  const byTime = [...first].sort((a, b) => a[1] - b[1]).slice(0, MAX_KEYS_PER_LEAD);
  const before = events.filter((e) => e.ts < at);
  return {
    keys: byTime.filter(([, t]) => t < at).map(([k]) => k),
    score: scoreLead(before, config, at).score,
    current: { keys: byTime.map(([key, t]) => ({ key, at: t })), score: scoreLead(events, config, now).score },
  };
}
