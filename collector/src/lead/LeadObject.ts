// One Durable Object per lead and per anonymous visitor: the strongly consistent home of its history,
// score and alarm (SPEC.md §5). An anonymous visitor's history lives in `site/v/<visitor>`; once identified,
// that object forwards the visitor's events to `site/l/<keyed hash of the lead id>`. This class is the RPC
// surface; each job is a part of its own: routing (routeBeacon.ts), state (StateStore.ts), history
// (LeadHistory.ts), publishing (Publisher.ts), the alarm (AlarmClock.ts, alarmPlan.ts), webhooks
// (HotWebhooks.ts), stages (StageBook.ts). Longer than the project's other files: each RPC method is the
// order in which its parts run inside one storage transaction (admit, absorb, settle, publish), and that
// order is the invariant a reader must see in one place; the work itself is in the parts.
import { DurableObject } from 'cloudflare:workers';
import type { ClientEvent } from '../collectSchema';
import type { Env } from '../env';
import { count, metering } from '../meter/meter';
import { meteredEnv } from '../meter/meteredEnv';
import { meteredStorage } from '../meter/meteredStorage';
import { leadObject } from '../objects';
import type { ScoreReply } from '../scoring/scoreLead';
import { scoreReply } from '../scoring/scoreReply';
import type { ScoredModels } from '../scoring/scoreModels';
import { primaryModel } from '../scoring/siteModels';
import type { TraitValue } from './storedEvent';
import type { VersionedConfig } from '../site/versionedConfig';
import { vitalsSamples } from '../site/vitalsSamples';
import { DAY, MINUTE } from '../time';
import { AlarmClock } from './AlarmClock';
import { alarmWork, ANONYMOUS_IDLE_DAYS, dueTimes, expired, nextAlarm } from './alarmPlan';
import { EventLog, type MergePayload } from './EventLog';
import { HotWebhooks } from './HotWebhooks';
import { InsightsReporter, reportMerge } from './InsightsReporter'; // insights (issue 12)
import type { LeadDetails } from './LeadDetails';
import { listCatchUp } from './listCatchUp';
import { LeadHistory } from './LeadHistory';
import { migrateLeadStorage } from './leadMigrations';
import { leadObjectName, normalizeLeadId } from './leadName';
import { LeadVisitors } from './LeadVisitors';
import { minuteLimiter } from './minuteLimiter';
import { capCustomEvents } from './customEventCaps';
import { effectiveLimits, secondsToNextMinute, takeLeadBudget, type LeadBudget, type OverBudget } from './leadBudget';
import { applyApiTraits, mergeBrowserTraits } from './mergeTraits';
import { StageBook } from './StageBook';
import { Tombstones } from './tombstones';
import { scoresHere, type AnonymousState, type LeadRef, type LeadState, type LinkedState, type ObjectState, type ScoringState } from './objectState';
import { Publisher } from './Publisher';
import { RouteBook } from './RouteBook';
import { routeToLeads, splitAtFirstIdentify, type NamedEvent } from './routeBeacon';
import { signalsBefore, type SignalsBefore } from './signalsBefore'; // insights (issue 12)
import { StateStore } from './StateStore';
import { storedEvent, type StoredEvent } from './storedEvent';

/** Events one visitor may send per minute before 429; the contract promises at least 1,000. */
const RATE_LIMIT = 3_000;
/** Most trait names a lead keeps. */
const MAX_TRAITS = 100;
/** Most visitors a lead's details list; `visitorCount` has them all (a lead may have tens of thousands). */
const MAX_LISTED_VISITORS = 100;
/** Web vitals samples an object keeps before handing them over (a page view sends one). */
const MAX_PENDING_VITALS = 50;
/** The reply about a lead erased while a beacon was on its way: no score, like an unknown visitor's. */
const ERASED: ScoreReply = { score: 0, band: 'cold' };

/** A visitor's beacon, as the collect route hands it to the visitor's own object. */
export interface CollectRequest {
  site: string;
  visitor: string;
  events: ClientEvent[];
  now: number;
  config: VersionedConfig;
}

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

export class LeadObject extends DurableObject<Env> {
  private readonly store: StateStore;
  private readonly history: LeadHistory;
  private readonly visitors: LeadVisitors;
  private readonly routes: RouteBook;
  private readonly clock: AlarmClock;
  private readonly webhooks: HotWebhooks;
  private readonly publisher: Publisher;
  private readonly tombstones: Tombstones;
  private readonly insights = new InsightsReporter();
  private readonly withinLimit = minuteLimiter(RATE_LIMIT);

  private readonly storage: DurableObjectStorage;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, meteredEnv(env));
    this.storage = meteredStorage(ctx.storage, 'lead', env);
    const sql = this.storage.sql;
    migrateLeadStorage(sql);
    this.store = new StateStore(sql);
    this.history = new LeadHistory(new EventLog(sql, this.store));
    this.visitors = new LeadVisitors(sql);
    this.routes = new RouteBook(this.store);
    this.clock = new AlarmClock(this.storage, () => this.nextAlarm());
    this.webhooks = new HotWebhooks(this.store, env.WEBHOOK_BASE_DELAY_MS);
    this.publisher = new Publisher(this.env, this.store, this.clock, this.webhooks, new StageBook(this.store));
    this.tombstones = new Tombstones(sql, env.HASH_KEY);
  }

  // ── Beacons ──

  /**
   * A visitor's beacon, received by the visitor's own object. Events before the visitor's first
   * `identify` go to its own history; the identify and what follows go to the identified lead (SPEC.md §5).
   */
  async collect(req: CollectRequest): Promise<ScoreReply | OverBudget> {
    const { site, visitor, now } = req;
    if (!this.withinLimit(req.events.length, now)) return { error: 'rate_limited', retryAfter: secondsToNextMinute(now) };
    // An erased visitor's resends stay erased (tombstones.ts): what it recognises, or what happened before
    // its erasure, is dropped; new events start a new anonymous life, and nothing at all changes nothing.
    const epoch = this.tombstones.epoch;
    const events = this.tombstones.current(now) ? await this.tombstones.unrecognised(req.events, now, true) : req.events;
    if (!events.length && !this.store.state) return ERASED;
    const fresh = (): AnonymousState => ({ kind: 'anonymous', name: `${site}/v/${visitor}`, site, id: visitor, firstSeen: now, lastSeen: now });
    const started = this.begin(fresh);
    // Web vitals wait in the state for the object's next index write (or a minute): no call of their own.
    const samples = vitalsSamples(events, visitor, now);
    if (samples.length) this.store.save({ ...started, vitals: [...(started.vitals ?? []), ...samples].slice(-MAX_PENDING_VITALS), handOverDue: started.handOverDue ?? now + MINUTE });
    // Lead names are hashed first, so that routing runs without yielding to a concurrent beacon.
    const named = await this.nameLeads(events, site, visitor, now);
    // Erased while the beacon waited: the beacon goes with the erasure.
    if (this.tombstones.epoch !== epoch) return ERASED;
    // (Wiped without a tombstone — a visitor that held nothing — the beacon starts its new life.)
    let s = this.begin(fresh) as AnonymousState | LinkedState;
    const before = s.kind === 'linked' ? s.lead.name : undefined;

    const { own, toLeads } = splitAtFirstIdentify(named, s.kind === 'linked');
    if (own.length) {
      this.store.adopt(req.config);
      // Over the budget: nothing of the beacon is stored, the SDK sends it again.
      const admitted = this.admit(own, now);
      if ('error' in admitted) return admitted;
      this.absorb(admitted.events, visitor, now, undefined, admitted.budget);
    }
    if (toLeads.length && s.kind === 'anonymous') {
      // The first identify: the history so far moves to this lead, and retries of it follow.
      const first = toLeads[0]!.lead!;
      s = this.store.save(linked(this.store.state as AnonymousState, first));
      this.routes.routeOwnHistory(this.history.log.eventIds(), first.name);
    }
    const { link, segments } = routeToLeads(toLeads, s.kind === 'linked' ? s.lead : undefined, this.routes, now);
    if (s.kind === 'linked' && link && link.name !== s.lead.name) this.store.save({ ...s, lead: link });

    // Own history is scored only while the visitor is anonymous; at its first identify it moves to the lead.
    let reply = own.length && this.store.state?.kind === 'anonymous' ? await this.settle(now) : null;
    // A lead over its budget stores nothing of its segment: the rest of the beacon waits for the resend.
    let limited: OverBudget | null = null;
    for (const { dest, events } of segments) {
      const r = await this.forward(dest, events, req);
      if ('error' in r) {
        limited = r;
        break;
      }
      const current = this.store.state;
      if (current?.kind === 'linked' && dest === current.lead.name) reply = r;
    }
    const after = this.store.state;
    // Erased while the beacon was forwarded: its events went with the lead.
    if (!after) return ERASED;
    if (!limited && after.kind === 'linked' && after.mergeTo) {
      const merged = await this.forward(after.mergeTo.name, [], req);
      if ('error' in merged) limited = merged;
    }
    if ((after.kind === 'linked' ? after.lead.name : undefined) !== before) await this.publisher.linkVisitor(site, visitor);
    if (after.kind === 'linked' && (after.vitals || after.notes)) await this.clock.schedule();
    if (limited) return limited;
    if (reply) return reply;
    return after.kind === 'linked' ? this.forward(after.lead.name, [], req) : this.settle(now);
  }

  /** Adds events to this lead's history (once per event id), rescores and publishes. */
  async ingest(req: IngestRequest): Promise<ScoreReply | OverBudget> {
    // Only a retry routed to a lead before its erasure comes without the lead id: the lead stays erased.
    if (!this.store.state && !req.id) return ERASED;
    // An erased lead's events stay erased (tombstones.ts); only events it does not recognise start a new life.
    const epoch = this.tombstones.epoch;
    const buried = this.tombstones.current(req.now);
    const events = buried ? await this.tombstones.unrecognised(req.events, req.now) : req.events;
    if (this.tombstones.epoch !== epoch || (buried && !this.store.state && !events.length)) return ERASED;
    this.begin((): LeadState => ({ kind: 'lead', name: req.name, site: req.site, id: req.id, traits: {}, firstSeen: req.now, lastSeen: req.now }));
    this.store.adopt(req.config);
    const carried = new Set(req.events.slice(0, req.carried ?? 0).map((e) => e.id));
    const admitted = this.admit(events, req.now, carried);
    if ('error' in admitted) return admitted;
    if (req.merge) this.history.absorb(req.merge);
    this.absorb(admitted.events, req.visitor, req.now, req.id, admitted.budget);
    return this.settle(req.now);
  }

  /** Rescores with a newer configuration and publishes (called while a site is rescored); null: nothing scores here. */
  async rescore(config: VersionedConfig): Promise<ScoreReply | null> {
    if (!scoresHere(this.store.state)) return null;
    this.store.adopt(config);
    const now = Date.now();
    const result = this.compute(now);
    await this.publisher.publish(result, now, 'rescore');
    return { score: result.score, band: result.band };
  }

  // ── Marketer edits (issue 13): traits and stage, rescored and published at once ──

  /** Applies the marketer API's traits (null removes one); an error when not an identified lead or over the limit. */
  async editTraits(patch: Record<string, TraitValue>, config: VersionedConfig, now: number): Promise<{ error: string } | { ok: true }> {
    const s = this.store.state;
    if (s?.kind !== 'lead') return { error: 'not_identified' };
    const traits = applyApiTraits(s, patch, MAX_TRAITS);
    if ('error' in traits) return traits;
    this.store.adopt(config);
    this.store.save({ ...s, ...traits });
    await this.publisher.publish(this.compute(now), now, 'edit');
    return { ok: true };
  }

  /** Sets the lead's stage by the marketer API (the route checked that the site has it). */
  async setStage(stage: string, config: VersionedConfig, now: number): Promise<{ error: string } | { ok: true }> {
    if (this.store.state?.kind !== 'lead') return { error: 'not_identified' };
    this.store.adopt(config);
    const scored = this.compute(now);
    if (new StageBook(this.store).set(stage, scored, now)) await this.publisher.publish(scored, now, 'edit');
    return { ok: true };
  }

  // ── The alarm ──

  override async alarm(): Promise<void> {
    if (metering(this.env)) count('alarms', 'lead');
    this.clock.reset(undefined);
    this.tombstones.expire(Date.now());
    if (this.store.state?.webhooks?.length) await this.webhooks.deliver(Date.now());
    const s = this.store.state;
    if (!s) return;
    if ((!this.store.config || !scoresHere(s)) && !s.vitals?.length && !s.notes) {
      if (s.webhooks?.length || this.tombstones.expiresAt() !== null) await this.clock.schedule(true);
      return;
    }
    await this.runDue(Date.now());
  }

  /** The alarm's own work as if `now` had come: a held-back publish, the decay check, the retention fold. */
  async runDue(now: number): Promise<void> {
    const s = this.store.state;
    if (!s) return;
    const work = alarmWork(this.dueTimes(s), now);
    // An anonymous visitor that never scored and has been idle for a month is forgotten (issue 14).
    if (work.expiry && expired(s, work.at)) return this.wipe();
    if (work.expiry && s.kind === 'anonymous') this.store.save({ ...s, expiryCheck: s.lastSeen + ANONYMOUS_IDLE_DAYS * DAY });
    if (work.fold) this.history.fold(this.store.config?.config, work.at);
    if (work.vitals) {
      const current = this.store.state!;
      // Due from now on whatever happens to this attempt: a failure waits another minute.
      this.store.save({ ...current, handOverDue: now + MINUTE });
      await this.publisher.flushPending();
    }
    if (work.publish && this.store.config && scoresHere(this.store.state)) await this.publisher.publish(this.compute(now), now, work.publish);
    else await this.clock.schedule(true);
  }

  // ── Marketer surface (SPEC.md §6) ──

  /** The lead as the marketer API shows it, scored now with `config`; for a linked visitor, the lead it went to. */
  async details(config: VersionedConfig, now: number, recent: number): Promise<LeadDetails | { pointer: string } | null> {
    const s = this.store.state;
    if (!s) return null;
    if (s.kind === 'linked') return { pointer: s.lead.name };
    this.store.adopt(config);
    const events = this.history.all();
    const scored = this.compute(now);
    return {
      name: s.name,
      id: s.id,
      identified: s.kind === 'lead',
      ...scored,
      // By time, newest first: the history is in arrival order, and a queued event may arrive after newer
      // ones (the reverse keeps the latest arrival first among equal times).
      events: [...events].reverse().sort((a, b) => b.ts - a.ts).slice(0, recent),
      eventCount: events.reduce((n, e) => n + (e.count ?? 1), 0),
      visitors: s.kind === 'lead' ? this.visitors.list(MAX_LISTED_VISITORS) : [s.id],
      visitorCount: s.kind === 'lead' ? this.visitors.count() : 1,
      traits: s.kind === 'lead' ? s.traits : {},
      // Events may predate the object (queued in the browser, or moved here by a merge).
      firstSeen: events.reduce((m, e) => Math.min(m, e.ts), s.firstSeen),
      lastSeen: s.lastSeen,
      published: s.indexed ? { score: s.indexed.score, band: s.indexed.band, at: s.indexed.at } : null,
      publishDue: listCatchUp(s, scored, now),
      stages: s.kind === 'lead' ? (s.stages ?? []) : [],
    };
  }

  /**
   * Erases everything this object holds (right to erasure) and returns what the caller still has to
   * erase elsewhere: the visitors whose pointers lead here, the KV score and the index row.
   */
  async erase(): Promise<{ site: string; name: string; visitors: string[] } | null> {
    const s = this.store.state;
    const visitors = s?.kind === 'lead' ? this.visitors.list() : s ? [s.id] : [];
    if (s) await this.bury(s.name);
    await this.wipe();
    await this.scheduleAfterWipe();
    return s ? { site: s.site, name: s.name, visitors } : null;
  }

  /**
   * A visitor's own object erases itself when it belongs to the erased lead `lead` (or to none); a
   * visitor identified as another lead since then keeps its link to that lead.
   */
  async eraseVisitor(lead: string): Promise<boolean> {
    const s = this.store.state;
    if (s?.kind === 'linked' && s.lead.name !== lead) {
      // Its routes no longer name the erased lead; a resend of an event that went there is dropped.
      this.routes.eraseRoutes(lead);
      // Its own history, if still waiting to move to the erased lead, is that lead's: drop it.
      if (s.mergeTo?.name === lead) {
        this.history.clear();
        const { mergeTo: _m, ...rest } = s;
        this.store.save(rest);
      }
      return false;
    }
    if (s) await this.bury(s.name);
    await this.wipe();
    await this.scheduleAfterWipe();
    return true;
  }

  // insights (issue 12): the one RPC of point in time (collector/src/insights/, docs/insights.md).
  /** What the lead had before `at` (keys, score under `config`) and has now; a linked visitor's lead; null: unknown. */
  async signalsBefore(at: number, config: VersionedConfig): Promise<(SignalsBefore & { name: string; rev: number }) | { pointer: string } | null> {
    const s = this.store.state;
    if (!s) return null;
    if (s.kind === 'linked') return { pointer: s.lead.name };
    return { name: s.name, rev: config.rev, ...signalsBefore(this.history.all(), config.config, at, Date.now()) };
  }

  /** Everything this object holds, scored now with `config` unless it holds a newer one (tests and debugging). */
  async inspect(config?: VersionedConfig) {
    const s = this.store.state;
    if (!s) return null;
    if (config) this.store.adopt(config);
    const scored: ScoredModels = this.store.config ? this.compute(Date.now()) : { score: 0, band: 'cold', raw: 0, contributions: [], grade: null, models: [] };
    const visitors = s.kind === 'lead' ? this.visitors.list() : [s.id];
    return { ...scored, state: { ...s, config: this.store.config }, events: this.history.all(), visitors, routes: this.routes.destinations() };
  }

  // ── Parts wired together ──

  /** The state, made by `fresh` when there is none (a new life: first use, or after an erasure). */
  private begin(fresh: () => ObjectState): ObjectState {
    if (!this.store.state) {
      this.store.save(fresh());
      // Nothing this instance remembers still holds, and no alarm is set, so the first schedule need not read it.
      this.clock.reset(null);
      this.publisher.forget();
    }
    return this.store.state!;
  }

  /** The beacon's events as stored, each identify with the object name of its lead (a keyed hash). */
  private async nameLeads(events: ClientEvent[], site: string, visitor: string, now: number): Promise<NamedEvent[]> {
    if (!events.some((e) => e.type === 'identify')) return events.map((e) => ({ event: storedEvent(e, visitor, now) }));
    return Promise.all(
      events.map(async (e): Promise<NamedEvent> => {
        const event = storedEvent(e, visitor, now);
        if (e.type !== 'identify') return { event };
        event.lead = normalizeLeadId(e.lead);
        return { event, lead: { name: await leadObjectName(this.env.HASH_KEY, site, e.lead), id: event.lead } };
      }),
    );
  }

  /**
   * Adds events (once per id) and notes their visitor, traits, time and the budget they took (admit());
   * folds when the history is full.
   */
  private absorb(events: StoredEvent[], visitor: string, now: number, id?: string, budget?: LeadBudget): void {
    const s = this.store.state as ScoringState;
    this.history.insert(events);
    if (s.kind === 'lead') this.visitors.add(visitor);
    const lastSeen = events.reduce((m, e) => Math.max(m, e.ts), s.lastSeen);
    const taken = budget ? { budget } : {};
    if (s.kind === 'lead') {
      // Browser traits update in place, never over an API one; new names stop at MAX_TRAITS (mergeTraits.ts).
      this.store.save({ ...s, id: s.id || id || '', ...mergeBrowserTraits(s, events, MAX_TRAITS), lastSeen, ...taken });
    } else {
      this.store.save({ ...s, lastSeen, ...taken });
    }
    const config = this.store.config?.config;
    if (this.history.overBounds(config, now)) this.history.fold(config, now);
  }

  /**
   * What this scoring object takes of a beacon (issue 11): custom events within their caps (dropped
   * beyond), and all of it within the lead's budget for the minute — or nothing, over it. Events the history
   * holds already, and a visitor's history `carried` over at its first identify, cost nothing.
   */
  private admit(events: StoredEvent[], now: number, carried: ReadonlySet<string> = new Set()): { events: StoredEvent[]; budget: LeadBudget } | OverBudget {
    const s = this.store.state as ScoringState;
    const limits = effectiveLimits(this.store.config?.config);
    const history = this.history.all();
    const capped = capCustomEvents(
      events.filter((e) => !carried.has(e.id)),
      history,
      limits,
    );
    const known = new Set(history.map((e) => e.id));
    const taken = takeLeadBudget(s.budget, capped.filter((e) => !known.has(e.id)).length, now, limits.leadEventsPerMinute);
    if ('error' in taken) return taken;
    return { events: [...events.filter((e) => carried.has(e.id)), ...capped], budget: taken.budget };
  }

  /**
   * Writes this object's tombstone ahead of its erasure: its name and every event id it held — raw, folded
   * and routed — as keyed hashes (tombstones.ts), so that resends of them stay erased.
   */
  private async bury(name: string): Promise<void> {
    const ids = [...this.history.raw().map((e) => e.id), ...this.history.log.mergePayload(name).seen, ...this.routes.ids()];
    const prepared = await this.tombstones.prepare(name, ids);
    this.tombstones.write(prepared, Date.now());
  }

  /** After a wipe (which deletes the alarm): the alarm that removes a tombstone when it expires, if there is one. */
  private async scheduleAfterWipe(): Promise<void> {
    this.clock.reset(null);
    await this.clock.schedule();
  }

  /** Sends events to the lead object `dest`; the first time, with this visitor's own history. */
  private async forward(dest: string, events: StoredEvent[], req: CollectRequest): Promise<ScoreReply | OverBudget> {
    const s = this.store.state;
    // This visitor was erased while the beacon waited: its remaining events go with it.
    if (!s) return ERASED;
    const linkedTo = s.kind === 'linked' ? s : null;
    const merging = linkedTo?.mergeTo?.name === dest;
    const carried = merging ? this.history.raw() : [];
    const reply = await leadObject(this.env, dest).ingest({
      name: dest,
      site: req.site,
      id: merging ? linkedTo!.mergeTo!.id : linkedTo && dest === linkedTo.lead.name ? linkedTo.lead.id : '',
      visitor: req.visitor,
      events: [...carried, ...events],
      now: req.now,
      config: req.config,
      merge: merging ? this.history.log.mergePayload(s.name) : undefined,
      carried: carried.length,
    });
    const after = this.store.state;
    // Refused over the lead's budget, the history stays here and moves with a later beacon.
    if (merging && !('error' in reply) && after?.kind === 'linked' && after.mergeTo?.name === dest) {
      // The history now lives in the lead (nothing was added here since the identify): forget it here,
      // with its published score and index entry.
      this.history.clear();
      const { mergeTo: _m, ...rest } = after;
      this.store.save(rest);
      await this.publisher.withdraw(after.site, after.name);
      await reportMerge(this.env, after.site, after.name, dest); // insights (issue 12): its outcomes follow it
    }
    return reply;
  }

  /** Scores the history now and publishes: a beacon's reply. */
  private async settle(now: number): Promise<ScoreReply> {
    // A beacon's object may have been erased while it waited.
    if (!this.store.state || !this.store.config) return ERASED;
    const result = this.compute(now);
    // Insights (issue 12): the signal keys this lead has for the first time and its first beacon of the day
    // wait in the state for the publish's index write (or a minute).
    const s = this.store.state;
    if (scoresHere(s)) {
      const noted = this.insights.afterBeacon(s, this.history.all(), now);
      if (noted !== s) this.store.save({ ...noted, handOverDue: noted.handOverDue ?? now + MINUTE });
    }
    const reply = scoreReply(result, primaryModel(this.store.config!.config));
    await this.publisher.publish(result, now, 'beacon');
    // Erased while it published: the beacon goes with the erasure.
    return this.store.state ? reply : ERASED;
  }

  /** Every model's score now; fit models score an identified lead's traits (a visitor has none). */
  private compute(now: number): ScoredModels {
    const s = this.store.state;
    return this.history.score(this.store.config!.config, now, s?.kind === 'lead' ? s : { id: '', traits: {} });
  }

  private dueTimes(s: ObjectState) {
    return dueTimes(s, () => this.history.retentionDue(this.store.config?.config));
  }

  private nextAlarm(): number | null {
    const s = this.store.state;
    const due = s ? nextAlarm(s, this.dueTimes(s)) : null;
    // An erased object's alarm also removes its tombstone when it expires.
    const tombstone = this.tombstones.expiresAt();
    return tombstone === null ? due : due === null ? tombstone : Math.min(due, tombstone);
  }

  /** Empties every table (but the tombstone) and storage key and cancels the alarm, keeping the schema for later use. */
  private async wipe(): Promise<void> {
    const sql = this.storage.sql;
    const tables = sql
      .exec<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' AND substr(name, 1, 7) != 'sqlite_' AND substr(name, 1, 4) != '_cf_' AND name != 'tombstones'")
      .toArray();
    for (const { name } of tables) sql.exec(`DELETE FROM "${name.replace(/"/g, '""')}"`);
    const keys = [...(await this.storage.list()).keys()];
    for (let i = 0; i < keys.length; i += 128) await this.storage.delete(keys.slice(i, i + 128));
    await this.storage.deleteAlarm();
    this.store.forget();
    this.history.forget();
    this.publisher.forget();
    this.insights.forget(); // insights (issue 12)
  }
}

/** An anonymous visitor's state once it is identified as `lead`: its own history still has to move there. */
function linked(s: AnonymousState, lead: LeadRef): LinkedState {
  const { kind: _k, published: _p, publishPending: _q, writes: _w, indexed: _i, decayAt: _d, hot: _h, ...kept } = s;
  return { ...kept, kind: 'linked', lead, mergeTo: lead };
}
