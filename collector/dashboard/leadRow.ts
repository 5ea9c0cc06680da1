// One row of the top leads table: the id (a button that opens the lead), score with a bar, band, confidence,
// last seen, and when the score shown was published (the list is published sparingly: docs/api.md).
import { el, svg } from './dom';
import { formatPercent } from './formatPercent';
import { modelTags } from './modelTags';
import { timeAgo } from './timeAgo';
import type { LeadSummary } from './types';

/** Which id a row names: a lead id may equal some visitor's id (the API answers 409 then). */
export type LeadKind = 'lead' | 'visitor';

/** The row of `lead`; its button calls `open` with the lead's id and kind. */
export function leadRow(lead: LeadSummary, open: (id: string, kind: LeadKind) => void, now = Date.now()): HTMLTableRowElement {
  const button = el('button', { type: 'button', class: 'link', title: lead.id }, lead.id);
  button.addEventListener('click', () => open(lead.id, lead.identified ? 'lead' : 'visitor'));
  const bar = svg('svg', { viewBox: '0 0 100 8', class: 'mini', 'aria-hidden': 'true' }, [
    svg('rect', { x: 0, y: 0, width: 100, height: 8, rx: 4, class: 'track' }),
    svg('rect', { x: 0, y: 0, width: Math.max(lead.score, 1), height: 8, rx: 4, class: lead.band }),
  ]);
  return el('tr', { 'data-id': lead.id }, [
    el('td', { class: 'id' }, [button, lead.identified ? null : el('span', { class: 'tag' }, 'anonymous'), ...modelTags(lead)]),
    el('td', { class: 'num' }, [el('span', { class: 'score-num' }, lead.score), bar]),
    el('td', {}, el('span', { class: `pill ${lead.band}` }, lead.band)),
    el('td', { class: 'num', title: confidenceTitle(lead) }, lead.confidence ? formatPercent(lead.confidence.probability, 0) : '–'),
    el('td', { class: 'seen', title: new Date(lead.lastSeen).toLocaleString() }, timeAgo(lead.lastSeen, now)),
    lead.publishedAt
      ? el('td', { class: 'seen published', title: `score published ${new Date(lead.publishedAt).toLocaleString()}` }, timeAgo(lead.publishedAt, now))
      : el('td', { class: 'seen published' }, '–'),
  ]);
}

/** What a confidence rests on, as the cell's tooltip. */
function confidenceTitle(lead: LeadSummary): string | null {
  const c = lead.confidence;
  if (!c) return null;
  return `${formatPercent(c.probability)} chance of '${c.outcome}': scores ${c.bucket.from}–${c.bucket.to}, ${c.bucket.conversions} of ${c.bucket.leads} leads converted`;
}
