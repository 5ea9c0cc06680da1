// Where each event of a visitor's beacon goes (SPEC.md §5): the visitor's own history until its first
// identify; from there on, the lead of the latest identify — except a retried event, which goes where it
// went the first time, so that a retry after a re-identify is not counted by two leads.
import type { LeadRef } from './objectState';
import type { Routes } from './RouteBook';
import type { StoredEvent } from './storedEvent';

/** An event of a beacon, with the object name of its lead when it is an identify. */
export interface NamedEvent {
  event: StoredEvent;
  /** `identify` only: the object name of the lead it names (leadName.ts). */
  lead?: LeadRef;
}

/** Events sent on to one lead object, in their order. */
export interface Segment {
  dest: string;
  events: StoredEvent[];
}

/**
 * Splits a beacon at the visitor's first identify: what comes before it is the visitor's own history;
 * the identify and what follows go to leads. A visitor linked already has no own events any more.
 */
export function splitAtFirstIdentify(events: readonly NamedEvent[], linked: boolean): { own: StoredEvent[]; toLeads: NamedEvent[] } {
  const first = linked ? 0 : events.findIndex((e) => e.lead !== undefined);
  if (first < 0) return { own: events.map((e) => e.event), toLeads: [] };
  return { own: events.slice(0, first).map((e) => e.event), toLeads: events.slice(first) };
}

/**
 * Routes the events from a linked visitor's first identify on, starting from its current lead `link`
 * (undefined only when `toLeads` starts with an identify). Each identify of another lead moves the link;
 * each event goes to the lead `routes` recorded for its id, or to the current link (recorded then).
 * Resends of events whose lead was erased since are dropped.
 */
export function routeToLeads(toLeads: readonly NamedEvent[], link: LeadRef | undefined, routes: Routes, now: number): { link: LeadRef | undefined; segments: Segment[] } {
  const segments: Segment[] = [];
  for (const { event, lead } of toLeads) {
    if (lead && lead.name !== link?.name) link = lead;
    if (!link) continue;
    const dest = routes.route(event.id, link.name, now);
    if (!dest) continue;
    const last = segments[segments.length - 1];
    if (last && last.dest === dest) last.events.push(event);
    else segments.push({ dest, events: [event] });
  }
  return { link, segments };
}
