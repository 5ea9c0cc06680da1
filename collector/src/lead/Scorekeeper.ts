// A scoring object's own job (a lead's, or an anonymous visitor's): admitting events within the lead's budget
// and caps, adding them to the history once per id, scoring every model and publishing — the order a beacon's
// events take inside one storage transaction (admit, absorb, settle).
import { scoreReply } from '../scoring/scoreReply';
import type { ScoreReply } from '../scoring/scoreLead';
import type { ScoredModels } from '../scoring/scoreModels';
import { primaryModel } from '../scoring/siteModels';
import type { VersionedConfig } from '../site/versionedConfig';
import { handOverTime } from './alarmPlan';
import { capCustomEvents } from './customEventCaps';
import type { MergePayload } from './EventLog';
import { effectiveLimits, takeLeadBudget, type LeadBudget, type OverBudget } from './leadBudget';
import type { LeadParts } from './leadParts';
import { mergeBrowserTraits } from './mergeTraits';
import { scoresHere, type LeadState, type ObjectState, type ScoringState } from './objectState';
import type { StoredEvent } from './storedEvent';

/** Most trait names a lead keeps. */
export const MAX_TRAITS = 100;
/** The reply about a lead erased while a beacon was on its way: no score, like an unknown visitor's. */
export const ERASED: ScoreReply = { score: 0, band: 'cold' };

/** Events a visitor's object sends on to a lead's (with the visitor's own history, the first time). */
export interface IngestRequest {
  name: string;
  site: string;
  /** The lead id; empty for a retry routed to this lead before, which must not bring an erased lead back. */
  id: string;
  visitor: string;
  events: StoredEvent[];
  now: number;
  config: VersionedConfig;
  merge?: MergePayload;
  /**
   * How many of `events`, from the first, are the visitor's own history carried over at its first identify:
   * they were counted by the visitor's object, so the lead's budget and caps do not count them again.
   */
  carried?: number;
}

/** Admits, absorbs and scores the events of one scoring object. */
export class Scorekeeper {
  constructor(private readonly parts: LeadParts) {}

  /** Adds a visitor's events to this lead's history (once per event id), rescores and publishes. */
  async ingest(req: IngestRequest): Promise<ScoreReply | OverBudget> {
    const { store, tombstones, history } = this.parts;
    // Only a retry routed to a lead before its erasure comes without the lead id: the lead stays erased.
    if (!store.state && !req.id) return ERASED;
    // An erased lead's events stay erased (tombstones.ts); only events it does not recognise start a new life.
    const epoch = tombstones.epoch;
    const buried = tombstones.current(req.now);
    const events = buried ? await tombstones.unrecognised(req.events, req.now) : req.events;
    if (tombstones.epoch !== epoch || (buried && !store.state && !events.length)) return ERASED;
    this.begin((): LeadState => ({ kind: 'lead', name: req.name, site: req.site, id: req.id, traits: {}, firstSeen: req.now, lastSeen: req.now }));
    store.adopt(req.config);
    const carried = new Set(req.events.slice(0, req.carried ?? 0).map((e) => e.id));
    const admitted = this.admit(events, req.now, carried);
    if ('error' in admitted) return admitted;
    if (req.merge) history.absorb(req.merge);
    this.absorb(admitted.events, req.visitor, req.now, req.id, admitted.budget);
    return this.settle(req.now);
  }

  /** The state, made by `fresh` when there is none (a new life: first use, or after an erasure). */
  begin(fresh: () => ObjectState): ObjectState {
    const { store, clock, publisher } = this.parts;
    if (!store.state) {
      store.save(fresh());
      // Nothing this instance remembers still holds, and no alarm is set, so the first schedule need not read it.
      clock.reset(null);
      publisher.forget();
    }
    return store.state!;
  }

  /**
   * What this scoring object takes of a beacon (issue 11): custom events within their caps (dropped
   * beyond), and all of it within the lead's budget for the minute — or nothing, over it. Events the history
   * holds already, and a visitor's history `carried` over at its first identify, cost nothing.
   */
  admit(events: StoredEvent[], now: number, carried: ReadonlySet<string> = new Set()): { events: StoredEvent[]; budget: LeadBudget } | OverBudget {
    const { store, history } = this.parts;
    const s = store.state as ScoringState;
    const limits = effectiveLimits(store.config?.config);
    const held = history.all();
    const capped = capCustomEvents(
      events.filter((e) => !carried.has(e.id)),
      held,
      limits,
    );
    const known = new Set(held.map((e) => e.id));
    const taken = takeLeadBudget(s.budget, capped.filter((e) => !known.has(e.id)).length, now, limits.leadEventsPerMinute);
    if ('error' in taken) return taken;
    return { events: [...events.filter((e) => carried.has(e.id)), ...capped], budget: taken.budget };
  }

  /**
   * Adds events (once per id) and notes their visitor, traits, time and the budget they took (admit());
   * folds when the history is full.
   */
  absorb(events: StoredEvent[], visitor: string, now: number, id?: string, budget?: LeadBudget): void {
    const { store, history, visitors } = this.parts;
    const s = store.state as ScoringState;
    history.insert(events);
    if (s.kind === 'lead') visitors.add(visitor);
    const lastSeen = events.reduce((m, e) => Math.max(m, e.ts), s.lastSeen);
    const taken = budget ? { budget } : {};
    if (s.kind === 'lead') {
      // Browser traits update in place, never over an API one; new names stop at MAX_TRAITS (mergeTraits.ts).
      store.save({ ...s, id: s.id || id || '', ...mergeBrowserTraits(s, events, MAX_TRAITS), lastSeen, ...taken });
    } else {
      store.save({ ...s, lastSeen, ...taken });
    }
    const config = store.config?.config;
    if (history.overBounds(config, now)) history.fold(config, now);
  }

  /** Scores the history now and publishes: a beacon's reply. */
  async settle(now: number): Promise<ScoreReply> {
    const { store, history, insights, publisher } = this.parts;
    // A beacon's object may have been erased while it waited.
    if (!store.state || !store.config) return ERASED;
    const result = this.compute(now);
    // Insights (issue 12): the signal keys this lead has for the first time and its first beacon of the day
    // wait in the state for the publish's index write (or a minute).
    const s = store.state;
    if (scoresHere(s)) {
      const noted = insights.afterBeacon(s, history.all(), now);
      if (noted !== s) store.save({ ...noted, handOverDue: noted.handOverDue ?? handOverTime(noted, now) });
    }
    const reply = scoreReply(result, primaryModel(store.config.config));
    await publisher.publish(result, now, 'beacon');
    // Erased while it published: the beacon goes with the erasure.
    return store.state ? reply : ERASED;
  }

  /** Every model's score now; fit models score an identified lead's traits (a visitor has none). */
  compute(now: number): ScoredModels {
    const { store, history } = this.parts;
    const s = store.state;
    return history.score(store.config!.config, now, s?.kind === 'lead' ? s : { id: '', traits: {} });
  }
}
