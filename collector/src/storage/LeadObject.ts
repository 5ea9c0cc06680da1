// One Durable Object per lead: the strongly consistent home of its history, score and alarms.
// An anonymous visitor's history lives in `site/v/<visitor>`; once identified, that object forwards
// the visitor's events to `site/l/<keyed hash of the lead id>` and keeps only the pointer.
import { DurableObject } from 'cloudflare:workers';
import type { ClientEvent } from '../collectSchema';
import type { Env } from '../env';
import { leadObjectName, normalizeLeadId, pointerKey, scoreKey } from '../leadName';
import { decayCanChangeBand } from '../scoring/decayCanChangeBand';
import { RuleMatches } from '../scoring/RuleMatches';
import { scoreLead, type Band, type ScoredEvent, type ScoreResult } from '../scoring/scoreLead';
import { EventLog, type MergePayload } from './EventLog';
import { foldHistory, KEEP_RAW_EVENTS, MAX_AGGREGATES, MAX_RAW_EVENTS, RETENTION_DAYS } from './foldHistory';
import { LeadVisitors } from './LeadVisitors';
import { publishDecision } from './publishDecision';
import { serialQueue } from './serialQueue';
import type { VersionedConfig, VitalsSample } from './SiteObject';
import { deliverWebhook } from '../webhook/deliverWebhook';
import { hotDelivery, type PendingWebhook } from '../webhook/hotDelivery';
import { baseDelay, nextAttemptAt } from '../webhook/retrySchedule';

const MINUTE = 60_000;
const DAY = 86_400_000;
/** Clamp window of client timestamps (SPEC.md §4). */
const MAX_AGE = 7 * DAY;
/** Events one visitor may send per minute before 429; the contract promises at least 1,000. */
const RATE_LIMIT = 3_000;
/** Most trait names a lead keeps. */
const MAX_TRAITS = 100;
/** Most visitors a lead's details list; `visitorCount` has them all (a lead may have tens of thousands). */
const MAX_LISTED_VISITORS = 100;

/** The score a beacon's reply carries. */
export interface ScoreReply {
  score: number;
  band: Band;
}

/** The reply about a lead erased while a beacon was on its way: no score, like an unknown visitor's. */
const ERASED: ScoreReply = { score: 0, band: 'cold' };

/** Webhook deliveries a lead keeps at most; older ones are dropped when more crossings pile up. */
const MAX_PENDING_WEBHOOKS = 10;
/** How long an attempt in flight holds its delivery back from being started again. */
const WEBHOOK_LEASE_MS = 30_000;

/** A lead as `GET /v1/leads/:id` shows it: fresh score, explanation and recent history. */
export interface LeadDetails extends ScoreResult {
  name: string;
  id: string;
  identified: boolean;
  /** The most recent events, newest first. */
  events: StoredEvent[];
  eventCount: number;
  /** The first visitors (at most MAX_LISTED_VISITORS), in the order they came. */
  visitors: string[];
  visitorCount: number;
  traits: Record<string, string | number | boolean | null>;
  firstSeen: number;
  lastSeen: number;
}

/** What a lead object remembers besides its events. */
interface LeadState {
  name: string;
  site: string;
  /** `visitor`: an anonymous visitor's own object; `lead`: an identified lead. */
  kind: 'visitor' | 'lead';
  /** The lead id given to identify (kind `lead`), or the visitor id (kind `visitor`). */
  id: string;
  /** Kind `visitor`: the lead object this visitor now belongs to, and that lead's id. */
  pointer?: string;
  pointerId?: string;
  /** Kind `visitor`: the lead of its first identify, which its own history still has to move to. */
  mergeTo?: { name: string; id: string };
  traits: Record<string, string | number | boolean | null>;
  firstSeen: number;
  lastSeen: number;
  published?: { score: number; band: Band; at: number };
  publishPending?: boolean;
  /** KV writes of this object's score so far; each write also carries it as metadata `writes`. */
  writes?: number;
  /** What the site's lead index was last told. */
  indexed?: { score: number; band: Band; lastSeen: number; rev: number; at: number };
  /** When the daily decay check is due; absent when decay cannot change the band. */
  decayAt?: number;
  config?: VersionedConfig;
  /** Whether the lead was hot when last scored: the webhook fires on a rise to hot, once per crossing. */
  hot?: boolean;
  /** `lead.hot` webhook deliveries still to make, retried by the alarm (SPEC.md §6). */
  webhooks?: PendingWebhook[];
}

/** An event as stored: the client's fields plus the visitor that sent it. */
export interface StoredEvent extends ScoredEvent {
  id: string;
  visitor: string;
  title?: string;
  referrer?: string;
  ms?: number;
  lead?: string;
  props?: Record<string, string | number | boolean | null>;
  traits?: Record<string, string | number | boolean | null>;
  lcp?: number;
  inp?: number;
  cls?: number;
}

export class LeadObject extends DurableObject<Env> {
  private readonly sql: SqlStorage;
  private readonly log: EventLog;
  private readonly visitors: LeadVisitors;
  private state: LeadState | null;
  /** What the rules see (folded aggregates, then raw events by time), loaded once. */
  private events: StoredEvent[] | null = null;
  /** The events each rule matches, for the current history and configuration (rebuilt when either changes). */
  private matches: RuleMatches | null = null;
  private rate = { minute: 0, count: 0 };
  /** KV writes and index updates, each run in the order decided. */
  private readonly kvQueue = serialQueue();
  private readonly indexQueue = serialQueue();
  /** The score value this instance last wrote to KV: a queued write of the same value is skipped. */
  private written: string | null = null;
  private routesAdded = 0;
  /** The alarm time this instance last set or read (null: none; undefined: unknown). */
  private alarmAt: number | null | undefined;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.sql = ctx.storage.sql;
    this.sql.exec('CREATE TABLE IF NOT EXISTS meta (k TEXT PRIMARY KEY, v TEXT NOT NULL)');
    this.log = new EventLog(this.sql);
    this.visitors = new LeadVisitors(this.sql);
    const rows = new Map(this.sql.exec<{ k: string; v: string }>("SELECT k, v FROM meta WHERE k IN ('state', 'config')").toArray().map((r) => [r.k, r.v]));
    const state = rows.get('state');
    const config = rows.get('config');
    this.state = state ? (JSON.parse(state) as LeadState) : null;
    // The configuration has its own row; a state saved before it had one carries it inline: move it.
    if (this.state && config) this.state.config = JSON.parse(config) as VersionedConfig;
    else if (this.state?.config) this.writeConfig(this.state.config);
    // Visitors have their own table; a state saved before it had one lists them inline: move them.
    const legacy = this.state as (LeadState & { visitors?: string[] }) | null;
    if (legacy?.visitors) {
      const { visitors, ...rest } = legacy;
      for (const v of visitors) this.visitors.add(v);
      this.save(rest);
    }
  }

  private writeConfig(config: VersionedConfig): void {
    this.sql.exec("INSERT INTO meta (k, v) VALUES ('config', ?) ON CONFLICT (k) DO UPDATE SET v = excluded.v", JSON.stringify(config));
  }

  /**
   * Saves the state without its configuration, which `adopt` writes to its own row when it changes: the
   * state is saved a few times per beacon, and the configuration is most of its size.
   */
  private save(state: LeadState): void {
    this.state = state;
    const { config: _config, ...rest } = state;
    this.sql.exec("INSERT INTO meta (k, v) VALUES ('state', ?) ON CONFLICT (k) DO UPDATE SET v = excluded.v", JSON.stringify(rest));
  }

  private init(name: string, site: string, kind: LeadState['kind'], id: string, now: number): LeadState {
    if (!this.state) {
      this.save({ name, site, kind, id, traits: {}, firstSeen: now, lastSeen: now });
      // A new life (first use, or after an erasure, which deleted the alarm): nothing this instance
      // remembers still holds, and no alarm is set, so the first schedule need not read it.
      this.alarmAt = null;
      this.written = null;
    }
    return this.state!;
  }

  /** Everything the rules see: folded aggregates (with `count`) first, then raw events by time. */
  private history(): StoredEvent[] {
    return (this.events ??= this.log.load());
  }

  /** Stores events not stored or folded before (by id); returns how many were new. */
  private insert(events: StoredEvent[]): number {
    const history = this.history();
    let added = 0;
    for (const e of events) {
      if (!this.log.insert(e)) continue;
      history.push(e);
      if (this.matches?.events === history) this.matches.add(e);
      added++;
    }
    return added;
  }

  /**
   * A visitor's beacon, received by the visitor's own object. Events before the visitor's first
   * `identify` go to its own history; the identify and what follows go to the identified lead (SPEC.md §5).
   */
  async collect(req: { site: string; visitor: string; events: ClientEvent[]; now: number; config: VersionedConfig }): Promise<ScoreReply | { error: 'rate_limited' }> {
    const { site, visitor, now } = req;
    const minute = Math.floor(now / MINUTE);
    if (this.rate.minute !== minute) this.rate = { minute, count: 0 };
    this.rate.count += req.events.length;
    if (this.rate.count > RATE_LIMIT) return { error: 'rate_limited' };

    this.init(`${site}/v/${visitor}`, site, 'visitor', visitor, now);
    await this.forwardVitals(req.events, visitor, now);
    // Lead names are hashed first, so that routing runs without yielding to a concurrent beacon.
    const names = req.events.some((e) => e.type === 'identify')
      ? await Promise.all(req.events.map((e) => (e.type === 'identify' ? leadObjectName(this.env.HASH_KEY, site, e.lead) : null)))
      : [];
    // An erasure may have wiped this object while the beacon waited: the beacon then starts its new life.
    this.init(`${site}/v/${visitor}`, site, 'visitor', visitor, now);
    const before = this.state!.pointer;
    const { own, segments } = this.route(req.events, names, visitor, now, req.config);

    // Own history is scored only while the visitor is anonymous; at its first identify it moves to the lead.
    let reply: ScoreReply | null = own && !this.state!.pointer ? await this.settle(now) : null;
    for (const { dest, events } of segments) {
      const r = await this.forward(dest, events, req);
      if (dest === this.state?.pointer) reply = r;
    }
    const s = this.state;
    // Erased while the beacon was forwarded: its events went with the lead.
    if (!s) return ERASED;
    if (s.mergeTo) await this.forward(s.mergeTo.name, [], req);
    if (s.pointer !== before) await this.kvQueue(() => this.writePointer(site, visitor));
    if (reply) return reply;
    return s.pointer ? this.forward(s.pointer, [], req) : this.settle(now);
  }

  /**
   * Decides, without yielding, where each event of a beacon goes: this visitor's own history (stored at
   * once) until its first identify, then the lead it points to. An event id seen before goes where it
   * went the first time, so that a retry after a re-identify is not counted by two leads.
   */
  private route(events: ClientEvent[], names: (string | null)[], visitor: string, now: number, config: VersionedConfig): { own: boolean; segments: { dest: string; events: StoredEvent[] }[] } {
    const segments: { dest: string; events: StoredEvent[] }[] = [];
    let own: StoredEvent[] = [];
    const keepOwn = () => {
      if (!own.length) return;
      this.adopt(config);
      this.absorb(own, visitor, now);
    };
    let hadOwn = false;
    events.forEach((e, i) => {
      const event = { ...e, ts: Math.min(now, Math.max(now - MAX_AGE, e.ts)), visitor } as StoredEvent;
      const name = names[i];
      if (e.type === 'identify' && name) {
        event.lead = normalizeLeadId(e.lead);
        const s = this.state!;
        if (name !== s.pointer) {
          let mergeTo = s.mergeTo;
          if (s.pointer === undefined) {
            // The first identify: the history so far moves to this lead, and retries of it follow.
            keepOwn();
            own = [];
            this.log.routeOwnHistory(name, now);
            mergeTo = { name, id: event.lead };
          }
          this.save({ ...this.state!, pointer: name, pointerId: event.lead, mergeTo });
        }
      }
      const pointer = this.state!.pointer;
      if (pointer === undefined) {
        own.push(event);
        hadOwn = true;
        return;
      }
      const dest = this.log.route(event.id, pointer, now);
      // A resend of an event whose lead was erased since: dropped with that lead.
      if (!dest) return;
      this.routesAdded++;
      const last = segments[segments.length - 1];
      if (last && last.dest === dest) last.events.push(event);
      else segments.push({ dest, events: [event] });
    });
    keepOwn();
    if (this.routesAdded > 500) {
      this.log.trimRoutes();
      this.routesAdded = 0;
    }
    return { own: hadOwn, segments };
  }

  /** Sends events to the lead object `dest`; the first time, with this visitor's own history. */
  private async forward(dest: string, events: StoredEvent[], req: { site: string; visitor: string; now: number; config: VersionedConfig }): Promise<ScoreReply> {
    const s = this.state;
    // This visitor was erased while the beacon waited: its remaining events go with it.
    if (!s) return ERASED;
    const merging = s.mergeTo?.name === dest;
    const own = merging ? this.history().filter((e) => e.count === undefined) : [];
    const stub = this.env.LEADS.get(this.env.LEADS.idFromName(dest));
    const reply = await stub.ingest({
      name: dest,
      site: req.site,
      kind: 'lead',
      id: merging ? s.mergeTo!.id : dest === s.pointer ? (s.pointerId ?? '') : '',
      visitor: req.visitor,
      events: [...own, ...events],
      now: req.now,
      config: req.config,
      traits: merging ? s.traits : undefined,
      merge: merging ? this.log.mergePayload(s.name) : undefined,
    });
    const after = this.state;
    if (merging && after?.mergeTo?.name === dest) {
      // The history now lives in the lead (nothing was added here since the identify): forget it here,
      // with its published score and index entry.
      this.log.clear();
      this.events = [];
      const { published: _p, publishPending: _q, decayAt: _d, mergeTo: _m, indexed: _i, ...rest } = after;
      this.save({ ...rest, traits: {} });
      await Promise.all([this.kvQueue(() => this.env.SCORES.delete(scoreKey(after.name))), this.indexQueue(() => this.siteIndex().removeLead(after.name))]);
      this.written = null;
    }
    return reply;
  }

  /** Adds events to this lead's history (once per event id), rescores and publishes. */
  async ingest(req: { name: string; site: string; kind: LeadState['kind']; id: string; visitor: string; events: StoredEvent[]; now: number; config: VersionedConfig; traits?: LeadState['traits']; merge?: MergePayload }): Promise<ScoreReply> {
    // Only a retry routed to a lead before its erasure comes without the lead id: the lead stays erased.
    if (!this.state && req.kind === 'lead' && !req.id) return ERASED;
    this.init(req.name, req.site, req.kind, req.id, req.now);
    this.adopt(req.config);
    if (req.merge) {
      this.log.absorb(req.merge);
      this.events = null;
    }
    this.absorb(req.events, req.visitor, req.now, req.traits, req.id);
    return this.settle(req.now);
  }

  /** Adds events (once per id) and notes their visitor, traits and time; folds when the history is full. */
  private absorb(events: StoredEvent[], visitor: string, now: number, traits?: LeadState['traits'], id?: string): void {
    const s = this.state!;
    this.insert(events);
    let merged = traits ? { ...traits, ...s.traits } : s.traits;
    for (const e of events) if (e.type === 'identify' && e.traits) merged = { ...merged, ...e.traits };
    // Traits update in place; new names stop at MAX_TRAITS, so that no client can grow the state at will.
    if (Object.keys(merged).length > MAX_TRAITS) merged = Object.fromEntries(Object.entries(merged).filter(([k], i) => i < MAX_TRAITS || k in s.traits));
    this.visitors.add(visitor);
    const lastSeen = events.reduce((m, e) => Math.max(m, e.ts), s.lastSeen);
    this.save({ ...s, id: s.id || id || '', traits: merged, lastSeen });
    if (this.rawCount() > MAX_RAW_EVENTS || this.retentionDue() <= now) this.fold(now);
  }

  /** Takes `config` unless this object already scores with a newer revision (beacons carry a cached one). */
  private adopt(config: VersionedConfig): void {
    const current = this.state!.config;
    if (current && (current.version === config.version || (current.rev ?? 0) > config.rev)) return;
    this.writeConfig(config);
    this.save({ ...this.state!, config });
  }

  /** Rescores with a newer configuration and publishes (called while a site is rescored); null: nothing scores here. */
  async rescore(config: VersionedConfig): Promise<ScoreReply | null> {
    const s = this.state;
    if (!s || (s.kind === 'visitor' && s.pointer)) return null;
    this.adopt(config);
    const now = Date.now();
    const result = this.compute(now);
    await this.publish(result, now, 'rescore');
    return { score: result.score, band: result.band };
  }

  private compute(now: number): ScoreResult {
    const config = this.state!.config!.config;
    const events = this.history();
    if (this.matches?.config !== config || this.matches.events !== events) this.matches = new RuleMatches(config, events);
    return scoreLead(events, config, now, this.matches.byRule);
  }

  /** Scores the history now and publishes: a beacon's reply. */
  private async settle(now: number): Promise<ScoreReply> {
    // A beacon's object may have been erased while it waited.
    if (!this.state) return ERASED;
    const result = this.compute(now);
    await this.publish(result, now, 'beacon');
    return { score: result.score, band: result.band };
  }

  /** How many raw (not folded) events the history holds, counted without building their list (every beacon asks). */
  private rawCount(): number {
    let n = 0;
    for (const e of this.history()) if (e.count === undefined) n++;
    return n;
  }

  private rawEvents(): StoredEvent[] {
    return this.history().filter((e) => e.count === undefined);
  }

  private retentionMs(): number {
    return (this.state?.config?.config.retentionDays ?? RETENTION_DAYS) * DAY;
  }

  /** When the oldest raw event is older than retention (the fold takes events strictly older). */
  private retentionDue(): number {
    let oldest = Infinity;
    for (const e of this.history()) if (e.count === undefined && e.ts < oldest) oldest = e.ts;
    return oldest + this.retentionMs() + 1;
  }

  /** Folds raw events past retention or past the count limit into aggregates (SPEC.md §5). */
  private fold(now: number): void {
    const raw = this.rawEvents();
    const plan = foldHistory(raw, this.log.aggregates(), { before: now - this.retentionMs(), keep: raw.length > MAX_RAW_EVENTS ? KEEP_RAW_EVENTS : MAX_RAW_EVENTS, maxAggregates: MAX_AGGREGATES });
    if (!plan.folded.length && !plan.upsert.length && !plan.drop.length) return;
    this.log.applyFold(plan);
    this.events = null;
  }

  private siteIndex() {
    return this.env.SITES.get(this.env.SITES.idFromName(this.state!.site));
  }

  /**
   * Publishes the score to KV sparingly (SPEC.md §4, publishDecision.ts): at once when the band changed
   * or nothing was published in the last minute, else by the alarm when that minute ends (`flush`). The
   * daily decay check (`decay`) writes only when the band changed. The site's lead index follows.
   */
  private async publish(result: ScoreResult, now: number, reason: 'beacon' | 'rescore' | 'flush' | 'decay'): Promise<void> {
    if (this.state!.kind === 'visitor' && this.state!.pointer) return;
    this.noteBand(result, now);
    const state = this.state!;
    let decision = publishDecision(state.published, result, now);
    if (decision === 'later' && reason === 'flush') decision = 'now';
    if (reason === 'decay' && !state.publishPending && state.published?.band === result.band) decision = 'none';
    // The decay check runs at least once a day while decay can change the band; scoring now is a check.
    const decayAt = !decayCanChangeBand(result, state.config!.config) ? undefined : state.decayAt !== undefined && state.decayAt > now ? state.decayAt : now + DAY;
    const next: LeadState = { ...state, publishPending: decision === 'later', decayAt };
    if (decision === 'now') next.published = { score: result.score, band: result.band, at: now };
    const ix = state.indexed;
    const reindex =
      !ix || decision === 'now' || reason === 'rescore' || ix.rev !== (state.config?.rev ?? 0) || (now - ix.at >= MINUTE && (ix.score !== result.score || ix.lastSeen !== state.lastSeen));
    if (reindex) next.indexed = { score: result.score, band: result.band, lastSeen: state.lastSeen, rev: state.config?.rev ?? 0, at: now };
    // Saved before the writes are awaited so that a concurrent beacon sees them and does not repeat them.
    this.save(next);
    await this.schedule(reason === 'flush' || reason === 'decay');
    await Promise.all([decision === 'now' ? this.kvQueue(() => this.writeScore()) : null, reindex ? this.indexQueue(() => this.writeIndex()) : null]);
  }

  /** Writes the published score (the latest, when writes queued up) to KV; each write is counted. */
  private async writeScore(): Promise<void> {
    const s = this.state;
    const p = s?.published;
    if (!s || !p || (s.kind === 'visitor' && s.pointer)) return;
    const value = JSON.stringify({ score: p.score, band: p.band });
    if (value === this.written) return;
    const writes = (s.writes ?? 0) + 1;
    this.save({ ...s, writes });
    try {
      await this.env.SCORES.put(scoreKey(s.name), value, { metadata: { writes } });
      this.written = value;
    } catch (err) {
      // KV refused (e.g. its write rate): the alarm tries again when the minute ends.
      console.error('score publish failed', err);
      if (this.state) this.save({ ...this.state, publishPending: true });
      await this.schedule();
    }
  }

  /** Writes this lead's row of the site's index from the latest indexed state. */
  private async writeIndex(): Promise<void> {
    const s = this.state;
    const ix = s?.indexed;
    if (!s || !ix || (s.kind === 'visitor' && s.pointer)) return;
    await this.siteIndex().upsertLead({ name: s.name, id: s.id, score: ix.score, band: ix.band, lastSeen: s.lastSeen, identified: s.kind === 'lead', rev: ix.rev });
  }

  /** Points the visitor's `GET /v1/score` at its lead (the latest pointer, when writes queued up). */
  private async writePointer(site: string, visitor: string): Promise<void> {
    const pointer = this.state?.pointer;
    if (pointer) await this.env.SCORES.put(pointerKey(site, visitor), pointer);
  }

  /** When each of this object's own concerns is due (Infinity: not at all). */
  private dueTimes(s: LeadState): { publish: number; decay: number; retention: number } {
    if (s.kind === 'visitor' && s.pointer) return { publish: Infinity, decay: Infinity, retention: Infinity };
    return {
      publish: s.publishPending && s.published ? s.published.at + MINUTE : Infinity,
      decay: s.decayAt ?? Infinity,
      retention: this.retentionDue(),
    };
  }

  /**
   * Sets the one alarm of this object to exactly the earliest thing due: a held-back publish, the daily
   * decay check, the next retention fold, or a webhook retry. Exactly, not merely earlier: an alarm left
   * at an older time would flush a held-back score less than a minute after the last write. `force`
   * (from the alarm handler, whose alarm is spent) sets it without reading the current one.
   */
  private async schedule(force = false): Promise<void> {
    // Most beacons change nothing that is due: skip storage when the alarm is known to be right.
    if (!force && this.alarmAt !== undefined && this.alarmAt === this.nextAlarm()) return;
    // The alarm as this instance last set it; read from storage only when unknown (after a restart).
    let current = force ? null : this.alarmAt;
    if (current === undefined) {
      const stored = await this.ctx.storage.getAlarm();
      // A concurrent call may have set it while this one read: its value is the newer.
      current = this.alarmAt !== undefined ? this.alarmAt : stored;
    }
    const at = this.nextAlarm();
    // Noted before the write is awaited, so that a concurrent beacon compares with it; storage applies
    // writes in order, so the alarm ends as the last one decided.
    this.alarmAt = at;
    if (at === null) {
      if (current !== null) await this.ctx.storage.deleteAlarm();
    } else if (current !== at) {
      await this.ctx.storage.setAlarm(at);
    }
  }

  /** The earliest due time of anything, or null. */
  private nextAlarm(): number | null {
    const s = this.state;
    if (!s) return null;
    const due = this.dueTimes(s);
    const at = Math.min(due.publish, due.decay, due.retention, ...(s.webhooks ?? []).map((w) => w.nextAt));
    return at === Infinity ? null : at;
  }

  override async alarm(): Promise<void> {
    this.alarmAt = undefined;
    if (this.state?.webhooks?.length) await this.deliverWebhooks(Date.now());
    const s = this.state;
    if (!s?.config || (s.kind === 'visitor' && s.pointer)) {
      if (s?.webhooks?.length) await this.schedule(true);
      return;
    }
    await this.runDue(Date.now());
  }

  /**
   * The alarm's own work at time `now`: a held-back publish, the decay check, the retention fold. An
   * alarm means the earliest due time has come: the runtime fires it then or later, and
   * runDurableObjectAlarm (tests) fires it early, standing for the passing of that time.
   */
  private async runDue(now: number): Promise<void> {
    const due = this.dueTimes(this.state!);
    const earliest = Math.min(due.publish, due.decay, due.retention);
    const at = earliest === Infinity ? now : Math.max(now, earliest);
    if (due.retention <= at) this.fold(at);
    if (due.publish <= at || due.decay <= at || due.retention <= at) await this.publish(this.compute(now), now, due.publish <= at ? 'flush' : 'decay');
    else await this.schedule(true);
  }

  // ── Marketer surface (SPEC.md §6): details, erasure, web vitals and the lead.hot webhook ──

  /** The lead as the marketer API shows it, scored now with `config`; for a merged visitor, the lead it went to. */
  async details(config: VersionedConfig, now: number, recent: number): Promise<LeadDetails | { pointer: string } | null> {
    const s = this.state;
    if (!s) return null;
    if (s.kind === 'visitor' && s.pointer) return { pointer: s.pointer };
    this.adopt(config);
    const events = this.history();
    return {
      name: s.name,
      id: s.id,
      identified: s.kind === 'lead',
      ...this.compute(now),
      // By time, newest first: the history is in arrival order, and a queued event may arrive after newer
      // ones (the reverse keeps the latest arrival first among equal times).
      events: [...events].reverse().sort((a, b) => b.ts - a.ts).slice(0, recent),
      eventCount: events.reduce((n, e) => n + (e.count ?? 1), 0),
      visitors: this.visitors.list(MAX_LISTED_VISITORS),
      visitorCount: this.visitors.count(),
      traits: s.traits,
      // Events may predate the object (queued in the browser, or moved here by a merge).
      firstSeen: events.reduce((m, e) => Math.min(m, e.ts), s.firstSeen),
      lastSeen: s.lastSeen,
    };
  }

  /**
   * Erases everything this object holds (right to erasure) and returns what the caller still has to
   * erase elsewhere: the visitors whose pointers lead here, the KV score and the index row.
   */
  async erase(): Promise<{ site: string; name: string; visitors: string[] } | null> {
    const s = this.state;
    const visitors = s ? this.visitors.list() : [];
    await this.wipe();
    return s ? { site: s.site, name: s.name, visitors } : null;
  }

  /**
   * A visitor's own object erases itself when it belongs to the erased lead `lead` (or to none); a
   * visitor identified as another lead since then keeps its pointer to that lead.
   */
  async eraseVisitor(lead: string): Promise<boolean> {
    const s = this.state;
    if (s && s.kind === 'visitor' && s.pointer && s.pointer !== lead) {
      // Its routes no longer name the erased lead; a resend of an event that went there is dropped.
      this.log.eraseRoutes(lead);
      // Its own history, if still waiting to move to the erased lead, is that lead's: drop it.
      if (s.mergeTo?.name === lead) {
        this.log.clear();
        this.events = [];
        const { mergeTo: _m, ...rest } = s;
        this.save({ ...rest, traits: {} });
      }
      return false;
    }
    await this.wipe();
    return true;
  }

  /** Empties every table and storage key and cancels the alarm, keeping the schema for later use. */
  private async wipe(): Promise<void> {
    const tables = this.sql
      .exec<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' AND substr(name, 1, 7) != 'sqlite_' AND substr(name, 1, 4) != '_cf_'")
      .toArray();
    for (const { name } of tables) this.sql.exec(`DELETE FROM "${name.replace(/"/g, '""')}"`);
    const keys = [...(await this.ctx.storage.list()).keys()];
    for (let i = 0; i < keys.length; i += 128) await this.ctx.storage.delete(keys.slice(i, i + 128));
    await this.ctx.storage.deleteAlarm();
    this.state = null;
    this.events = null;
    this.written = null;
  }

  /** Hands a beacon's web vitals to the site's per-path aggregate (p75 per path, SPEC.md §6). */
  private async forwardVitals(events: ClientEvent[], visitor: string, now: number): Promise<void> {
    const samples: VitalsSample[] = [];
    for (const e of events) {
      if (e.type !== 'vitals') continue;
      samples.push({ id: e.id, path: e.path, visitor, ts: Math.min(now, Math.max(now - MAX_AGE, e.ts)), lcp: e.lcp ?? null, inp: e.inp ?? null, cls: e.cls ?? null });
    }
    if (samples.length) await this.siteIndex().addVitals(samples, now);
  }

  /** Notes whether the lead is hot; a rise to hot owes the site's webhook one delivery, a fall re-arms it. */
  private noteBand(result: ScoreResult, now: number): void {
    const s = this.state!;
    const isHot = result.band === 'hot';
    if (s.hot === isHot) return;
    const wasHot = s.hot ?? s.published?.band === 'hot';
    const owed = isHot && !wasHot && s.config?.config.webhook ? [hotDelivery(s.site, s.id, result.score, now)] : [];
    const webhooks = [...(s.webhooks ?? []), ...owed].slice(-MAX_PENDING_WEBHOOKS);
    this.save({ ...s, hot: isHot, webhooks: webhooks.length ? webhooks : undefined });
  }

  /** Makes the due webhook deliveries; a failed one is retried with backoff until a day has passed. */
  private async deliverWebhooks(now: number): Promise<void> {
    const s = this.state!;
    const due = (s.webhooks ?? []).filter((w) => w.nextAt <= now);
    if (!due.length) return;
    const target = s.config?.config.webhook;
    // Leased while in flight, so that a beacon's rescheduling cannot start the same delivery twice.
    const ids = new Set(due.map((w) => w.id));
    this.save({ ...s, webhooks: s.webhooks!.map((w) => (ids.has(w.id) ? { ...w, nextAt: now + WEBHOOK_LEASE_MS } : w)) });
    const sent = await Promise.all(due.map((w) => (target ? deliverWebhook(target, w.body, w.id) : Promise.resolve(null))));
    // The state may have changed meanwhile (beacons, an erasure): apply the outcomes to the current one.
    const current = this.state;
    if (!current) return;
    const outcome = new Map(due.map((w, i) => [w.id, sent[i]]));
    const base = baseDelay(this.env.WEBHOOK_BASE_DELAY_MS);
    const after = Date.now();
    const webhooks = (current.webhooks ?? []).flatMap((w) => {
      if (!outcome.has(w.id)) return [w];
      // Delivered (true), or the site has no webhook any more (null): nothing left to do.
      if (outcome.get(w.id) !== false) return [];
      const nextAt = nextAttemptAt(w.firstAt, w.attempts + 1, after, base);
      return nextAt === null ? [] : [{ ...w, attempts: w.attempts + 1, nextAt }];
    });
    this.save({ ...current, webhooks: webhooks.length ? webhooks : undefined });
  }
}
