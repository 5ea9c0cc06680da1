// One row of the lift table: a rule (or a signal no rule covers) with leads, conversions, rate, lift and its
// interval, current and suggested points, and a box to pick the suggestion for "apply".
import { describeWhen } from './describeWhen';
import { el } from './dom';
import { formatNumber } from './formatNumber';
import { formatPercent } from './formatPercent';
import { liftBar } from './liftBar';
import type { CandidateInsight, RuleInsight } from './types';

/** The row of a rule; `pick` is called when its box is ticked or cleared. */
export function liftRow(r: RuleInsight | CandidateInsight, pick: (on: boolean) => void): HTMLTableRowElement {
  const rule = 'rule' in r;
  const name = rule ? [el('strong', {}, r.rule), el('span', { class: 'when' }, describeWhen(r.when))] : [el('strong', {}, describeWhen(r.suggestedRule.when)), el('span', { class: 'when' }, 'no rule yet')];
  const now = rule ? formatNumber(r.points) + (r.max !== null ? ` (max ${formatNumber(r.max)})` : '') : '—';
  const key = rule ? r.rule : r.key;
  if (r.lift === null || r.interval === null || r.suggestedPoints === null) {
    return el('tr', { 'data-rule': key, class: 'thin' }, [el('td', {}, name), el('td', { class: 'num' }, formatNumber(r.leads)), el('td', { class: 'num' }, formatNumber(r.conversions)), el('td', { colspan: 2, class: 'muted' }, r.reason ?? ''), el('td', { class: 'num' }, now), el('td', {}), el('td', {})]);
  }
  const box = el('input', { type: 'checkbox', 'aria-label': `apply ${r.suggestedPoints} points to ${key}` });
  box.addEventListener('change', () => pick(box.checked));
  const same = rule && r.points === r.suggestedPoints;
  if (same) box.disabled = true;
  const suggested = el('td', { class: `num suggested ${r.suggestedPoints > 0 ? 'up' : r.suggestedPoints < 0 ? 'down' : ''}` }, formatNumber(r.suggestedPoints));
  return el('tr', { 'data-rule': key, 'data-lift': r.lift.toFixed(4) }, [
    el('td', {}, name),
    el('td', { class: 'num' }, formatNumber(r.leads)),
    el('td', { class: 'num' }, formatNumber(r.conversions)),
    el('td', { class: 'num' }, formatPercent(r.rate ?? 0)),
    el('td', { class: 'num lift', title: `95 % interval ${r.interval.low.toFixed(2)}–${r.interval.high.toFixed(2)}` }, [el('span', { class: 'lift-num' }, `${r.lift.toFixed(2)}×`), liftBar(r.lift, r.interval)]),
    el('td', { class: 'num' }, now),
    suggested,
    el('td', {}, box),
  ]);
}
