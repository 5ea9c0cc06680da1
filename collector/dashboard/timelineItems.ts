// The timeline of one lead as a list, newest first (the API's order): a dot in the event type's colour, when, what.
import { describeEvent } from './describeEvent';
import { el } from './dom';
import { timeAgo } from './timeAgo';
import type { LeadEvent } from './types';

/** One list item per event; events folded from old history say how many they stand for. */
export function timelineItems(events: LeadEvent[], now = Date.now()): HTMLLIElement[] {
  return events.map((e) =>
    el('li', { class: `ev ${e.type}` }, [
      el('span', { class: 'dot', 'aria-hidden': 'true' }),
      el('time', { datetime: e.at, title: new Date(e.at).toLocaleString() }, timeAgo(e.at, now)),
      el('span', { class: 'what' }, describeEvent(e) + ((e.count ?? 0) > 1 ? ` ×${e.count}` : '')),
    ]),
  );
}
