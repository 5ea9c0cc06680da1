// One row of the Web Vitals table: a path's p75 of LCP, INP and CLS, each rated, and its page views.
import { el } from './dom';
import { formatNumber } from './formatNumber';
import { rateVital, type Vital } from './rateVital';
import type { VitalsPath } from './types';

/** The row of one path; a metric without samples shows a dash. */
export function vitalsRow(p: VitalsPath): HTMLTableRowElement {
  const cell = (metric: Vital) => {
    const m = p[metric];
    if (!m) return el('td', { class: 'num muted' }, '–');
    const shown = metric === 'cls' ? formatNumber(m.p75, 3) : `${formatNumber(m.p75)} ms`;
    return el('td', { class: `num ${rateVital(metric, m.p75)}`, title: `${m.samples} samples` }, shown);
  };
  return el('tr', {}, [el('td', { class: 'path' }, p.path), cell('lcp'), cell('inp'), cell('cls'), el('td', { class: 'num' }, formatNumber(p.samples))]);
}
