// A lead's models in its details (issue 13): each model's score, band and grade with the rules that made it
// (their points add up to the score before rounding and clamping), and the lead's stage with its history.
import { el } from './dom';
import { formatNumber } from './formatNumber';
import type { LeadDetail } from './types';

/** The models and stage of `lead`; empty for a site with one model and no stages. */
export function modelsSection(lead: Pick<LeadDetail, 'models' | 'stage' | 'stageHistory'>): HTMLElement[] {
  const out: HTMLElement[] = [];
  if (lead.stage) {
    const path = (lead.stageHistory ?? []).map((e) => `${e.stage} (${new Date(e.at).toLocaleString()}${e.by === 'api' ? ', set by hand' : ''})`).join(' → ');
    out.push(el('p', { class: 'stage' }, [el('strong', {}, `Stage: ${lead.stage}`), path ? el('span', { class: 'muted' }, ` · ${path}`) : null]));
  }
  const models = lead.models ?? [];
  if (models.length < 2) return out;
  const rows = models.map((m) =>
    el('tr', { 'data-model': m.id }, [
      el('th', { scope: 'row' }, [m.label ?? m.id, m.primary ? el('span', { class: 'tag' }, 'primary') : null, m.kind === 'fit' ? el('span', { class: 'tag' }, 'fit') : null]),
      el('td', { class: 'num' }, m.score),
      el('td', {}, el('span', { class: `pill ${m.band}` }, m.band)),
      el('td', {}, m.grade ?? '–'),
      el('td', { class: 'rules' }, m.contributions.filter((c) => c.count).map((c) => `${c.label ?? c.rule} ${c.points >= 0 ? '+' : ''}${formatNumber(c.points, 1)}`).join(' · ') || 'no rule matched'),
    ]),
  );
  out.push(el('table', { class: 'models' }, [el('thead', {}, el('tr', {}, ['Model', 'Score', 'Band', 'Grade', 'Points by rule'].map((h) => el('th', {}, h)))), el('tbody', {}, rows)]));
  return out;
}
