// A visitor's own object's job (SPEC.md §5): events before the visitor's first `identify` stay in its own
// history and are scored there; the identify and what follows go to the identified lead's object, with the
// visitor's history the first time; a resend follows the route its event took before (routeBeacon.ts).
import type { ClientEvent } from '../collectSchema';
import { leadObject } from '../objects';
import type { ScoreReply } from '../scoring/scoreLead';
import type { VersionedConfig } from '../site/versionedConfig';
import { vitalsSamples } from '../site/vitalsSamples';
import { handOverTime } from './alarmPlan';
import { reportMerge } from './InsightsReporter';
import { secondsToNextMinute, type OverBudget } from './leadBudget';
import { leadObjectName, normalizeLeadId } from './leadName';
import type { LeadParts } from './leadParts';
import { minuteLimiter } from './minuteLimiter';
import type { AnonymousState, LeadRef, LinkedState } from './objectState';
import { routeToLeads, splitAtFirstIdentify, type NamedEvent } from './routeBeacon';
import { ERASED, type Scorekeeper } from './Scorekeeper';
import { storedEvent, type StoredEvent } from './storedEvent';

/** Events one visitor may send per minute before 429; the contract promises at least 1,000. */
const RATE_LIMIT = 3_000;
/** Web vitals samples an object keeps before handing them over (a page view sends one). */
const MAX_PENDING_VITALS = 50;

/** A visitor's beacon, as the collect route hands it to the visitor's own object. */
export interface CollectRequest {
  site: string;
  visitor: string;
  events: ClientEvent[];
  now: number;
  config: VersionedConfig;
}

/** Takes a visitor's beacons in its own object and routes them: kept and scored here, or sent to a lead. */
export class VisitorRouter {
  private readonly withinLimit = minuteLimiter(RATE_LIMIT);

  constructor(
    private readonly parts: LeadParts,
    private readonly keeper: Scorekeeper,
  ) {}

  /** A visitor's beacon: scored here while anonymous, forwarded to its lead from the first `identify` on. */
  async collect(req: CollectRequest): Promise<ScoreReply | OverBudget> {
    const { store, tombstones, history, routes, publisher, clock } = this.parts;
    const { site, visitor, now } = req;
    if (!this.withinLimit(req.events.length, now)) return { error: 'rate_limited', retryAfter: secondsToNextMinute(now) };
    // An erased visitor's resends stay erased (tombstones.ts): what it recognises, or what happened before
    // its erasure, is dropped; new events start a new anonymous life, and nothing at all changes nothing.
    const epoch = tombstones.epoch;
    const events = tombstones.current(now) ? await tombstones.unrecognised(req.events, now, true) : req.events;
    if (!events.length && !store.state) return ERASED;
    const fresh = (): AnonymousState => ({ kind: 'anonymous', name: `${site}/v/${visitor}`, site, id: visitor, firstSeen: now, lastSeen: now });
    const started = this.keeper.begin(fresh);
    // Web vitals wait in the state for the object's next index write (or a minute): no call of their own.
    const samples = vitalsSamples(events, visitor, now);
    if (samples.length) store.save({ ...started, vitals: [...(started.vitals ?? []), ...samples].slice(-MAX_PENDING_VITALS), handOverDue: started.handOverDue ?? handOverTime(started, now) });
    // Lead names are hashed first, so that routing runs without yielding to a concurrent beacon.
    const named = await this.nameLeads(events, site, visitor, now);
    // Erased while the beacon waited: the beacon goes with the erasure.
    if (tombstones.epoch !== epoch) return ERASED;
    // (Wiped without a tombstone — a visitor that held nothing — the beacon starts its new life.)
    let s = this.keeper.begin(fresh) as AnonymousState | LinkedState;
    const before = s.kind === 'linked' ? s.lead.name : undefined;

    const { own, toLeads } = splitAtFirstIdentify(named, s.kind === 'linked');
    if (own.length) {
      store.adopt(req.config);
      // Over the budget: nothing of the beacon is stored, the SDK sends it again.
      const admitted = this.keeper.admit(own, now);
      if ('error' in admitted) return admitted;
      this.keeper.absorb(admitted.events, visitor, now, undefined, admitted.budget);
    }
    if (toLeads.length && s.kind === 'anonymous') {
      // The first identify: the history so far moves to this lead, and retries of it follow.
      const first = toLeads[0]!.lead!;
      s = store.save(linked(store.state as AnonymousState, first));
      routes.routeOwnHistory(history.log.eventIds(), first.name);
    }
    const { link, segments } = routeToLeads(toLeads, s.kind === 'linked' ? s.lead : undefined, routes, now);
    if (s.kind === 'linked' && link && link.name !== s.lead.name) store.save({ ...s, lead: link });

    // Own history is scored only while the visitor is anonymous; at its first identify it moves to the lead.
    let reply = own.length && store.state?.kind === 'anonymous' ? await this.keeper.settle(now) : null;
    // A lead over its budget stores nothing of its segment: the rest of the beacon waits for the resend.
    let limited: OverBudget | null = null;
    for (const { dest, events } of segments) {
      const r = await this.forward(dest, events, req);
      if ('error' in r) {
        limited = r;
        break;
      }
      const current = store.state;
      if (current?.kind === 'linked' && dest === current.lead.name) reply = r;
    }
    const after = store.state;
    // Erased while the beacon was forwarded: its events went with the lead.
    if (!after) return ERASED;
    if (!limited && after.kind === 'linked' && after.mergeTo) {
      const merged = await this.forward(after.mergeTo.name, [], req);
      if ('error' in merged) limited = merged;
    }
    if ((after.kind === 'linked' ? after.lead.name : undefined) !== before) await publisher.linkVisitor(site, visitor);
    if (after.kind === 'linked' && (after.vitals || after.notes)) await clock.schedule();
    if (limited) return limited;
    if (reply) return reply;
    return after.kind === 'linked' ? this.forward(after.lead.name, [], req) : this.keeper.settle(now);
  }

  /** The beacon's events as stored, each identify with the object name of its lead (a keyed hash). */
  private async nameLeads(events: ClientEvent[], site: string, visitor: string, now: number): Promise<NamedEvent[]> {
    if (!events.some((e) => e.type === 'identify')) return events.map((e) => ({ event: storedEvent(e, visitor, now) }));
    return Promise.all(
      events.map(async (e): Promise<NamedEvent> => {
        const event = storedEvent(e, visitor, now);
        if (e.type !== 'identify') return { event };
        event.lead = normalizeLeadId(e.lead);
        return { event, lead: { name: await leadObjectName(this.parts.env.HASH_KEY, site, e.lead), id: event.lead } };
      }),
    );
  }

  /** Sends events to the lead object `dest`; the first time, with this visitor's own history. */
  private async forward(dest: string, events: StoredEvent[], req: CollectRequest): Promise<ScoreReply | OverBudget> {
    const { store, history, publisher, env } = this.parts;
    const s = store.state;
    // This visitor was erased while the beacon waited: its remaining events go with it.
    if (!s) return ERASED;
    const linkedTo = s.kind === 'linked' ? s : null;
    const merging = linkedTo?.mergeTo?.name === dest;
    const carried = merging ? history.raw() : [];
    const reply = await leadObject(env, dest).ingest({
      name: dest,
      site: req.site,
      id: merging ? linkedTo!.mergeTo!.id : linkedTo && dest === linkedTo.lead.name ? linkedTo.lead.id : '',
      visitor: req.visitor,
      events: [...carried, ...events],
      now: req.now,
      config: req.config,
      merge: merging ? history.log.mergePayload(s.name) : undefined,
      carried: carried.length,
    });
    const after = store.state;
    // Refused over the lead's budget, the history stays here and moves with a later beacon.
    if (merging && !('error' in reply) && after?.kind === 'linked' && after.mergeTo?.name === dest) {
      // The history now lives in the lead (nothing was added here since the identify): forget it here,
      // with its published score and index entry.
      history.clear();
      const { mergeTo: _m, ...rest } = after;
      store.save(rest);
      await publisher.withdraw(after.site, after.name);
      await reportMerge(env, after.site, after.name, dest); // insights (issue 12): its outcomes follow it
    }
    return reply;
  }
}

/** An anonymous visitor's state once it is identified as `lead`: its own history still has to move there. */
function linked(s: AnonymousState, lead: LeadRef): LinkedState {
  const { kind: _k, published: _p, publishPending: _q, writes: _w, indexed: _i, decayAt: _d, hot: _h, ...kept } = s;
  return { ...kept, kind: 'linked', lead, mergeTo: lead };
}
