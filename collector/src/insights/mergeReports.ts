// Two reports of one lead waiting in the same batch for insights (site/InsightsOutbox.ts), as one: keys of
// both, the later score, the later day.
import type { LeadReport } from './InsightsStore';

/** `next` after `prev`: keys added, the latest score and day. */
export function mergeReports(prev: LeadReport | undefined, next: LeadReport): LeadReport {
  if (!prev) return next;
  return {
    ...prev,
    ...next,
    ...(prev.keys || next.keys ? { keys: [...(prev.keys ?? []), ...(next.keys ?? [])] } : {}),
    ...(prev.day !== undefined || next.day !== undefined ? { day: Math.max(prev.day ?? -Infinity, next.day ?? -Infinity) } : {}),
  };
}
