// What the rules see of a lead, loaded once per object life: folded aggregates, then raw events by time,
// with the events each rule matches kept up to date as events arrive; and the fold that bounds it.
import type { FitSubject } from '../scoring/fitRule';
import { RuleMatches } from '../scoring/RuleMatches';
import { scoreModels, type ScoredModels } from '../scoring/scoreModels';
import type { EngagementModel } from '../scoring/siteModels';
import type { SiteConfig } from '../site/siteConfigSchema';
import { DAY } from '../time';
import type { EventLog, MergePayload } from './EventLog';
import { foldHistory, KEEP_RAW_EVENTS, MAX_AGGREGATES, MAX_RAW_EVENTS, RETENTION_DAYS } from './foldHistory';
import { holdHistory, releaseHistory, type CachedHistory } from './historyBudget';
import type { StoredEvent } from './storedEvent';

/**
 * The history of one lead object over its event log. What it caches counts against its isolate's budget
 * (historyBudget.ts), which may drop it between beacons: everything is read again from storage.
 */
export class LeadHistory implements CachedHistory {
  private events: StoredEvent[] | null = null;
  /** The events each rule of each engagement model matches, for the current history and configuration (rebuilt when either changes). */
  private matches: { config: SiteConfig; events: StoredEvent[]; byModel: Map<EngagementModel, RuleMatches> } | null = null;

  constructor(readonly log: EventLog) {}

  /** Everything the rules see: folded aggregates (with `count`) first, then raw events by time. */
  all(): StoredEvent[] {
    if (!this.events) {
      this.events = this.log.load();
      this.held();
    }
    return this.events;
  }

  /** Drops the cached history and rule matches (historyBudget.ts); the next use reads storage again. */
  dropCache(): void {
    this.events = null;
    this.matches = null;
    this.log.forget();
  }

  /** Stores events not stored or folded before (by id); returns how many were new. */
  insert(events: readonly StoredEvent[]): number {
    const history = this.all();
    let added = 0;
    for (const e of events) {
      if (!this.log.insert(e)) continue;
      history.push(e);
      if (this.matches?.events === history) for (const m of this.matches.byModel.values()) m.add(e);
      added++;
    }
    if (added) this.held();
    return added;
  }

  /** Adds a merged visitor's folded history (once per visitor). */
  absorb(merge: MergePayload): void {
    this.log.absorb(merge);
    this.events = null;
  }

  /** Empties the history (a visitor's, once its lead holds it). */
  clear(): void {
    this.log.clear();
    this.events = [];
  }

  /** Forgets what was loaded (the tables were emptied by an erasure). */
  forget(): void {
    this.dropCache();
    releaseHistory(this);
  }

  /** The raw (not folded) events. */
  raw(): StoredEvent[] {
    return this.all().filter((e) => e.count === undefined);
  }

  /** How many raw events there are, counted without building their list (every beacon asks). */
  rawCount(): number {
    let n = 0;
    for (const e of this.all()) if (e.count === undefined) n++;
    return n;
  }

  /** When the oldest raw event passes retention (the fold takes events strictly older); Infinity for none. */
  retentionDue(config: SiteConfig | undefined): number {
    let oldest = Infinity;
    for (const e of this.all()) if (e.count === undefined && e.ts < oldest) oldest = e.ts;
    return oldest + retentionMs(config) + 1;
  }

  /** Whether the history is over its bounds and should be folded now. */
  overBounds(config: SiteConfig | undefined, now: number): boolean {
    return this.rawCount() > MAX_RAW_EVENTS || this.retentionDue(config) <= now;
  }

  /** Folds raw events past retention or past the count limit into aggregates (SPEC.md §5). */
  fold(config: SiteConfig | undefined, now: number): void {
    const raw = this.raw();
    const plan = foldHistory(raw, this.log.aggregates(), { before: now - retentionMs(config), keep: raw.length > MAX_RAW_EVENTS ? KEEP_RAW_EVENTS : MAX_RAW_EVENTS, maxAggregates: MAX_AGGREGATES });
    if (!plan.folded.length && !plan.upsert.length && !plan.drop.length) return;
    this.log.applyFold(plan);
    this.events = null;
  }

  /** Reports the size of the cache to the isolate's budget (and that it was just used). */
  private held(): void {
    holdHistory(this, (this.events?.length ?? 0) + this.log.cachedIds());
  }

  /** The scores now under `config` of every model, with their explanations; `subject` is who fit models score. */
  score(config: SiteConfig, now: number, subject: FitSubject): ScoredModels {
    const events = this.all();
    if (this.matches?.config !== config || this.matches.events !== events) this.matches = { config, events, byModel: new Map() };
    const byModel = this.matches.byModel;
    return scoreModels(events, config, now, subject, (model) => {
      let m = byModel.get(model);
      if (!m) byModel.set(model, (m = new RuleMatches(model, events)));
      return m.byRule;
    });
  }
}

/** How long raw events are kept under `config`. */
function retentionMs(config: SiteConfig | undefined): number {
  return (config?.retentionDays ?? RETENTION_DAYS) * DAY;
}
