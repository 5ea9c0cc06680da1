// What a lead object tells its site's insights (collector/src/insights/): each signal key the lead has for
// the first time and its first beacon of each UTC day. Nothing is sent from here: the notes wait in the
// state (bounded: MAX_KEYS_PER_LEAD keys known, one day mark) and ride with the object's next write to its
// index object, which hands them on in batches (IndexObject.ts) — a beacon costs no call of its own for
// insights, and no site-wide object is on its path.
import type { Env } from '../env';
import { MAX_KEYS_PER_LEAD, type LeadReport } from '../insights/InsightsStore';
import { signalKey } from '../insights/signalKey';
import { insightsObject } from '../objects';
import { DAY } from '../time';
import type { ScoringState } from './objectState';
import type { StoredEvent } from './storedEvent';

/** Finds what a lead has to tell insights after a beacon; remembers how far it looked in the history. */
export class InsightsReporter {
  /** How far the history array was looked at: only events appended since are new. */
  private scanned: { events: readonly StoredEvent[]; upTo: number } | null = null;

  /** The state with the notes of this beacon added (the same state when there is nothing new). */
  afterBeacon(s: ScoringState, history: readonly StoredEvent[], now: number): ScoringState {
    const known = new Set(s.reported?.keys ?? []);
    const start = this.scanned?.events === history ? this.scanned.upTo : 0;
    this.scanned = { events: history, upTo: history.length };
    const fresh = new Map<string, number>();
    for (let i = start; i < history.length && known.size + fresh.size < MAX_KEYS_PER_LEAD; i++) {
      const e = history[i]!;
      const k = signalKey(e);
      if (k === null || known.has(k)) continue;
      const t = fresh.get(k);
      if (t === undefined || e.ts < t) fresh.set(k, e.ts);
    }
    const day = Math.floor(now / DAY);
    const newDay = s.reported?.day === undefined || day > s.reported.day;
    if (!fresh.size && !newDay) return s;
    const notes: LeadReport = { ...s.notes };
    if (fresh.size) notes.keys = [...(notes.keys ?? []), ...[...fresh].map(([key, at]) => ({ key, at }))];
    if (newDay) notes.day = day;
    return { ...s, notes, reported: { keys: [...known, ...fresh.keys()], day: newDay ? day : s.reported!.day } };
  }

  /** Forgets how far it looked (a new life). */
  forget(): void {
    this.scanned = null;
  }
}

/** Tells insights that the visitor `from` now lives in its lead `to` (its outcomes follow it; rare). */
export async function reportMerge(env: Env, site: string, from: string, to: string): Promise<void> {
  try {
    await insightsObject(env, site).merge(from, to);
  } catch (err) {
    console.error('insights merge report failed', err);
  }
}
