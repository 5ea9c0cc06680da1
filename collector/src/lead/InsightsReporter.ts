// A lead object's reports to its site's insights object (collector/src/insights/): each signal key the lead
// has for the first time and the first beacon of each UTC day, sent once — what was sent is remembered in
// the lead's table `insights_reported` (bounded: MAX_KEYS_PER_LEAD keys and one day mark) — so a beacon
// with nothing new costs no call and no write. Also the score the lead index was told, and merges.
import type { Env } from '../env';
import { MAX_KEYS_PER_LEAD } from '../insights/InsightsStore';
import { signalKey } from '../insights/signalKey';
import { insightsObject } from '../objects';
import { DAY } from '../time';
import type { ScoringState } from './objectState';
import type { StoredEvent } from './storedEvent';

/** The row of `insights_reported` that holds the last day reported active. */
const DAY_MARK = '@day';

/** What one lead object has told insights, and the telling. */
export class InsightsReporter {
  /** Keys reported (loaded once per object life). */
  private known: Set<string> | null = null;
  private activeDay: number | null = null;
  /** How far the history array was looked at: only events appended since are new. */
  private scanned: { events: readonly StoredEvent[]; upTo: number } | null = null;
  /** Rows this instance has written (the bench reads it). */
  rowsWritten = 0;

  constructor(
    private readonly sql: SqlStorage,
    private readonly env: Env,
  ) {}

  /** After a beacon was scored: reports new signal keys and the first activity of the day, if any. */
  async afterBeacon(s: ScoringState, history: readonly StoredEvent[], now: number): Promise<void> {
    const known = this.load();
    const start = this.scanned?.events === history ? this.scanned.upTo : 0;
    const fresh = new Map<string, number>();
    for (let i = start; i < history.length && known.size + fresh.size < MAX_KEYS_PER_LEAD; i++) {
      const e = history[i]!;
      const k = signalKey(e);
      if (k === null || known.has(k)) continue;
      const t = fresh.get(k);
      if (t === undefined || e.ts < t) fresh.set(k, e.ts);
    }
    const day = Math.floor(now / DAY);
    const newDay = this.activeDay === null || day > this.activeDay;
    if (fresh.size || newDay) {
      try {
        await insightsObject(this.env, s.site).note(s.name, { keys: [...fresh].map(([key, at]) => ({ key, at })), ...(newDay ? { day } : {}) });
      } catch (err) {
        // Insights never fail a beacon; nothing is marked as sent, so the next beacon sends it again.
        console.error('insights report failed', err);
        return;
      }
      for (const [key, at] of fresh) {
        known.add(key);
        this.write('INSERT OR IGNORE INTO insights_reported (key, at) VALUES (?, ?)', key, at);
      }
      if (newDay) {
        this.activeDay = day;
        this.write('INSERT INTO insights_reported (key, at) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET at = excluded.at', DAY_MARK, day);
      }
    }
    this.scanned = { events: history, upTo: history.length };
  }

  /** Forgets what was loaded (the table was emptied by an erasure). */
  forget(): void {
    this.known = null;
    this.activeDay = null;
    this.scanned = null;
  }

  private load(): Set<string> {
    if (this.known) return this.known;
    this.known = new Set();
    for (const r of this.sql.exec<{ key: string; at: number }>('SELECT key, at FROM insights_reported')) {
      if (r.key === DAY_MARK) this.activeDay = r.at;
      else this.known.add(r.key);
    }
    return this.known;
  }

  private write(query: string, ...args: SqlStorageValue[]): void {
    this.rowsWritten += this.sql.exec(query, ...args).rowsWritten;
  }
}

/** Tells insights the score the lead index was just told (calibration and trend count leads by it). */
export async function reportIndexedScore(env: Env, site: string, name: string, score: number): Promise<void> {
  try {
    await insightsObject(env, site).note(name, { score });
  } catch (err) {
    // The next index write reports the score again.
    console.error('insights score report failed', err);
  }
}

/** Tells insights that the visitor `from` now lives in its lead `to` (its outcomes follow it). */
export async function reportMerge(env: Env, site: string, from: string, to: string): Promise<void> {
  try {
    await insightsObject(env, site).merge(from, to);
  } catch (err) {
    console.error('insights merge report failed', err);
  }
}
