// One Durable Object per lead: the strongly consistent home of its history, score and alarms.
// An anonymous visitor's history lives in `site/v/<visitor>`; once identified, that object forwards
// the visitor's events to `site/l/<keyed hash of the lead id>` and keeps only the pointer.
import { DurableObject } from 'cloudflare:workers';
import type { ClientEvent } from '../collectSchema';
import type { Env } from '../env';
import { leadObjectName, normalizeLeadId, pointerKey, scoreKey } from '../leadName';
import { scoreLead, type Band, type ScoredEvent, type ScoreResult } from '../scoring/scoreLead';
import type { VersionedConfig } from './SiteObject';

const MINUTE = 60_000;
const DAY = 86_400_000;
/** Clamp window of client timestamps (SPEC.md §4). */
const MAX_AGE = 7 * DAY;
/** Events one visitor may send per minute before 429; the contract promises at least 1,000. */
const RATE_LIMIT = 3_000;

/** The score a beacon's reply carries. */
export interface ScoreReply {
  score: number;
  band: Band;
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
  /** Kind `visitor`: its own history still has to move to `pointer`. */
  mergePending?: boolean;
  visitors: string[];
  traits: Record<string, string | number | boolean | null>;
  firstSeen: number;
  lastSeen: number;
  published?: { score: number; band: Band; at: number };
  publishPending?: boolean;
  indexedAt?: number;
  decayAt?: number;
  config?: VersionedConfig;
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
  private state: LeadState | null;
  private events: StoredEvent[] | null = null;
  private rate = { minute: 0, count: 0 };

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.sql = ctx.storage.sql;
    this.sql.exec(`
      CREATE TABLE IF NOT EXISTS events (id TEXT PRIMARY KEY, type TEXT NOT NULL, ts INTEGER NOT NULL,
        visitor TEXT NOT NULL, data TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS meta (k TEXT PRIMARY KEY, v TEXT NOT NULL);
    `);
    const row = this.sql.exec<{ v: string }>("SELECT v FROM meta WHERE k = 'state'").toArray()[0];
    this.state = row ? (JSON.parse(row.v) as LeadState) : null;
  }

  private save(state: LeadState): void {
    this.state = state;
    this.sql.exec("INSERT INTO meta (k, v) VALUES ('state', ?) ON CONFLICT (k) DO UPDATE SET v = excluded.v", JSON.stringify(state));
  }

  private init(name: string, site: string, kind: LeadState['kind'], id: string, now: number): LeadState {
    if (!this.state) this.save({ name, site, kind, id, visitors: [], traits: {}, firstSeen: now, lastSeen: now });
    return this.state!;
  }

  private history(): StoredEvent[] {
    if (!this.events) {
      this.events = this.sql
        .exec<{ id: string; type: string; ts: number; visitor: string; data: string }>('SELECT * FROM events ORDER BY ts')
        .toArray()
        .map((r) => ({ ...(JSON.parse(r.data) as object), id: r.id, type: r.type, ts: r.ts, visitor: r.visitor }) as StoredEvent);
    }
    return this.events;
  }

  /** Stores events not seen before (by id); returns how many were new. */
  private insert(events: StoredEvent[]): number {
    const history = this.history();
    let added = 0;
    for (const e of events) {
      const { id, type, ts, visitor, ...data } = e;
      const written = this.sql.exec('INSERT OR IGNORE INTO events (id, type, ts, visitor, data) VALUES (?, ?, ?, ?, ?)', id, type, ts, visitor, JSON.stringify(data)).rowsWritten;
      if (written > 0) {
        history.push(e);
        added++;
      }
    }
    return added;
  }

  /**
   * A visitor's beacon, received by the visitor's own object. Events before an `identify` go where the
   * visitor belonged until then; the identify and what follows go to the identified lead.
   */
  async collect(req: { site: string; visitor: string; events: ClientEvent[]; now: number; config: VersionedConfig }): Promise<ScoreReply | { error: 'rate_limited' }> {
    const { site, visitor, now } = req;
    const minute = Math.floor(now / MINUTE);
    if (this.rate.minute !== minute) this.rate = { minute, count: 0 };
    this.rate.count += req.events.length;
    if (this.rate.count > RATE_LIMIT) return { error: 'rate_limited' };

    const self = this.init(`${site}/v/${visitor}`, site, 'visitor', visitor, now);
    const segments: { dest: string | null; events: StoredEvent[] }[] = [];
    for (const e of req.events) {
      const event = { ...e, ts: Math.min(now, Math.max(now - MAX_AGE, e.ts)), visitor } as StoredEvent;
      if (e.type === 'identify') {
        const name = await leadObjectName(this.env.HASH_KEY, site, e.lead);
        event.lead = normalizeLeadId(e.lead);
        if (name !== this.state!.pointer) {
          this.save({ ...this.state!, pointer: name, pointerId: event.lead as string, mergePending: this.state!.pointer === undefined || this.state!.mergePending });
          await this.env.SCORES.put(pointerKey(site, visitor), name);
        }
      }
      const dest = this.state!.pointer ?? null;
      const last = segments[segments.length - 1];
      if (last && last.dest === dest) last.events.push(event);
      else segments.push({ dest, events: [event] });
    }

    let reply: ScoreReply | null = null;
    for (const { dest, events } of segments) {
      reply = dest === null ? await this.ingest({ name: self.name, site, kind: 'visitor', id: visitor, visitor, events, now, config: req.config }) : await this.forward(dest, events, req);
    }
    if (this.state!.mergePending && this.state!.pointer) await this.forward(this.state!.pointer, [], req);
    return reply!;
  }

  /** Sends events to the lead object `dest`, moving this visitor's own history along on its first identify. */
  private async forward(dest: string, events: StoredEvent[], req: { site: string; visitor: string; now: number; config: VersionedConfig }): Promise<ScoreReply> {
    const merging = this.state!.mergePending === true;
    const own = merging ? this.history() : [];
    const stub = this.env.LEADS.get(this.env.LEADS.idFromName(dest));
    const reply = await stub.ingest({ name: dest, site: req.site, kind: 'lead', id: this.state!.pointerId ?? '', visitor: req.visitor, events: [...own, ...events], now: req.now, config: req.config, traits: merging ? this.state!.traits : undefined });
    if (merging && this.state!.mergePending) {
      // The history now lives in the lead: forget it here, with its published score and index entry.
      this.sql.exec('DELETE FROM events');
      this.events = [];
      const { published: _p, publishPending: _q, decayAt: _d, ...rest } = this.state!;
      this.save({ ...rest, mergePending: false, traits: {} });
      await Promise.all([this.env.SCORES.delete(scoreKey(this.state!.name)), this.siteIndex().removeLead(this.state!.name)]);
    }
    return reply;
  }

  /** Adds events to this object's history, rescores and publishes; idempotent per event id. */
  async ingest(req: { name: string; site: string; kind: LeadState['kind']; id: string; visitor: string; events: StoredEvent[]; now: number; config: VersionedConfig; traits?: LeadState['traits'] }): Promise<ScoreReply> {
    const { now } = req;
    let state = this.init(req.name, req.site, req.kind, req.id, now);
    const visitors = state.visitors.includes(req.visitor) ? state.visitors : [...state.visitors, req.visitor];
    let traits = req.traits ? { ...req.traits, ...state.traits } : state.traits;
    for (const e of req.events) if (e.type === 'identify' && e.traits) traits = { ...traits, ...e.traits };
    const id = state.id || req.id;
    this.insert(req.events);
    const lastSeen = Math.max(state.lastSeen, ...req.events.map((e) => e.ts));
    state = { ...state, id, visitors, traits, lastSeen, config: req.config };
    this.save(state);
    const result = this.compute(now);
    await this.publish(result, now, false);
    return { score: result.score, band: result.band };
  }

  /** Rescores with a new configuration and publishes at once (called while a site is rescored). */
  async rescore(config: VersionedConfig): Promise<ScoreReply> {
    if (!this.state) return { score: 0, band: 'cold' };
    this.save({ ...this.state, config });
    const result = this.compute(Date.now());
    await this.publish(result, Date.now(), false);
    return { score: result.score, band: result.band };
  }

  /** The lead's score with its explanation, fresh. */
  async explain(config: VersionedConfig, now: number): Promise<(ScoreResult & { state: LeadState; events: StoredEvent[] }) | null> {
    if (!this.state) return null;
    if (this.state.config?.version !== config.version) this.save({ ...this.state, config });
    return { ...this.compute(now), state: this.state, events: this.history() };
  }

  private compute(now: number): ScoreResult {
    return scoreLead(this.history(), this.state!.config!.config, now);
  }

  private siteIndex() {
    return this.env.SITES.get(this.env.SITES.idFromName(this.state!.site));
  }

  /**
   * Publishes the score to KV sparingly (SPEC.md §4): at once when the band changed or nothing was
   * published in the last minute, else by the alarm when that minute ends. Unknown visitors read as
   * 0/cold, so a lead that never scored is not written at all.
   */
  private async publish(result: ScoreResult, now: number, fromAlarm: boolean): Promise<void> {
    const state = this.state!;
    const pub = state.published;
    const same = pub ? pub.score === result.score && pub.band === result.band : result.score === 0;
    const indexDue = state.indexedAt === undefined || now - state.indexedAt >= MINUTE;
    let next: LeadState = { ...state, decayAt: result.score > 0 ? now + DAY : undefined };
    const writes: Promise<unknown>[] = [];
    if (same) {
      next.publishPending = false;
    } else if (!pub || pub.band !== result.band || now - pub.at >= MINUTE || fromAlarm) {
      next = { ...next, published: { score: result.score, band: result.band, at: now }, publishPending: false };
      writes.push(this.env.SCORES.put(scoreKey(state.name), JSON.stringify({ score: result.score, band: result.band })));
    } else {
      next.publishPending = true;
    }
    const indexChanged = !same || indexDue;
    if (indexChanged && !(state.kind === 'visitor' && state.pointer)) {
      next.indexedAt = now;
      writes.push(this.siteIndex().upsertLead({ name: state.name, id: state.id, score: result.score, band: result.band, lastSeen: state.lastSeen, identified: state.kind === 'lead' }));
    }
    // Saved before the writes are awaited so that a concurrent beacon sees them and does not repeat them.
    this.save(next);
    await this.schedule(fromAlarm);
    await Promise.all(writes);
  }

  /** Sets the one alarm to the earliest thing due: a held-back publish or the daily decay check. */
  private async schedule(force = false): Promise<void> {
    const s = this.state!;
    const due = [s.publishPending && s.published ? s.published.at + MINUTE : Infinity, s.decayAt ?? Infinity];
    const at = Math.min(...due);
    if (at === Infinity) return;
    const current = force ? null : await this.ctx.storage.getAlarm();
    if (current === null || current > at) await this.ctx.storage.setAlarm(at);
  }

  override async alarm(): Promise<void> {
    const s = this.state;
    if (!s?.config || (s.kind === 'visitor' && s.pointer)) return;
    const now = Date.now();
    const publishDue = s.publishPending && s.published && now >= s.published.at + MINUTE;
    const decayDue = s.decayAt !== undefined && now >= s.decayAt;
    if (publishDue || decayDue) await this.publish(this.compute(now), now, true);
    else await this.schedule(true);
  }
}
