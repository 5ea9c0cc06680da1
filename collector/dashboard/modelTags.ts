// The small tags of a lead row on a site with several models (issue 13): its grade, its stage and each other
// model's band and score, so that the top leads table shows every score without a column per model.
import { el } from './dom';
import type { LeadSummary } from './types';

/** Tags for `lead`: none on a site with one model and no stages. */
export function modelTags(lead: LeadSummary): HTMLElement[] {
  const tags: HTMLElement[] = [];
  if (lead.grade) tags.push(el('span', { class: 'tag', title: 'grade' }, `grade ${lead.grade}`));
  if (lead.stage) tags.push(el('span', { class: 'tag stage', title: 'lifecycle stage' }, lead.stage));
  for (const [id, m] of Object.entries(lead.models ?? {})) {
    tags.push(el('span', { class: `tag model ${m.band}`, title: `model ${id}: score ${m.score}, ${m.band}${m.grade ? `, grade ${m.grade}` : ''}` }, `${id} ${m.score}${m.grade ? ` ${m.grade}` : ''}`));
  }
  return tags;
}
