// The lead detail's line on the list's freshness: the detail is scored fresh, the list shows the published
// score, which catches up with a change within a band when that minute ends (docs/api.md, "How fresh the list is").
import { timeAgo } from './timeAgo';
import type { LeadDetail } from './types';

/** What the list shows for `lead` compared with its fresh score, and when it catches up. */
export function publishedNote(lead: Pick<LeadDetail, 'score' | 'band' | 'published' | 'publishDue'>, now = Date.now()): string {
  const p = lead.published;
  if (!p) return 'Not in the list yet.';
  const since = `published ${timeAgo(p.at, now)}`;
  if (p.score === lead.score && p.band === lead.band) return `The list shows this score (${since}).`;
  const shows = `The list still shows ${p.score} (${p.band}, ${since})`;
  if (!lead.publishDue) return `${shows}; it catches up with this lead's next activity.`;
  const s = Math.max(0, Math.round((Date.parse(lead.publishDue) - now) / 1000));
  return `${shows}; it shows ${lead.score} ${s < 5 ? 'any moment now' : s < 120 ? `in ${s} s` : `at ${new Date(lead.publishDue).toLocaleString()}`}.`;
}
