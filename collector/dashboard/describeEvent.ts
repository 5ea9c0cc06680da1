// One line of a lead's timeline, in words.
import { formatNumber } from './formatNumber';
import type { LeadEvent } from './types';

/** What the visitor did, e.g. "Viewed /pricing"; an unknown type reads as its name. */
export function describeEvent(e: LeadEvent): string {
  switch (e.type) {
    case 'pageview':
      return `Viewed ${e.path}`;
    case 'visit':
      return 'Started a visit';
    case 'download':
      return `Downloaded ${e.url}`;
    case 'event':
      return `Event ${e.name}`;
    case 'engaged':
      return `Engaged ${formatNumber((e.ms || 0) / 1000)} s on ${e.path}`;
    case 'identify':
      return `Identified as ${e.lead}`;
    case 'vitals':
      return `Web vitals on ${e.path}`;
    default:
      return e.type;
  }
}
