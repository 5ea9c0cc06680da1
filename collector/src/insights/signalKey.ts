// The signal keys insights count (docs/insights.md): what a lead did, without when or how often —
// `pageview /pricing`, `download /files/guide.pdf`, `event webinar_signup`, `visit`, `identify`. Rules
// are matched against these keys when insights are read, so a rule change never rewrites what was counted.
import { pathOf } from '../scoring/compileRules';
import type { ScoredEvent } from '../scoring/scoreLead';

/** Longest key kept; longer paths and names are cut (they stay distinct enough to be read). */
export const MAX_KEY_LENGTH = 256;

/**
 * The key of an event, or null for types insights do not count (`engaged` and `vitals` repeat a page
 * view's path and say nothing more about intent). Downloads are keyed by the pathname of their URL, which
 * is what a download rule's `path` matches.
 */
export function signalKey(e: ScoredEvent): string | null {
  switch (e.type) {
    case 'pageview':
      return e.path ? cut(`pageview ${e.path}`) : null;
    case 'download': {
      const path = pathOf(e);
      return path ? cut(`download ${path}`) : null;
    }
    case 'event':
      return e.name ? cut(`event ${e.name}`) : null;
    case 'visit':
    case 'identify':
      return e.type;
    default:
      return null;
  }
}

/** The event a key stands for, as the rules see it (to match a rule against a stored key). */
export function keyEvent(key: string): ScoredEvent {
  const space = key.indexOf(' ');
  const type = (space < 0 ? key : key.slice(0, space)) as ScoredEvent['type'];
  const rest = space < 0 ? '' : key.slice(space + 1);
  const e: ScoredEvent = { type, ts: 0 };
  if (type === 'pageview') e.path = rest;
  else if (type === 'download') e.url = rest;
  else if (type === 'event') e.name = rest;
  return e;
}

/** The distinct keys of `events`, in their order. */
export function signalKeys(events: Iterable<ScoredEvent>): string[] {
  const keys = new Set<string>();
  for (const e of events) {
    const k = signalKey(e);
    if (k !== null) keys.add(k);
  }
  return [...keys];
}

const cut = (key: string) => (key.length > MAX_KEY_LENGTH ? key.slice(0, MAX_KEY_LENGTH) : key);
