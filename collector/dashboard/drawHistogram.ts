// The score distribution: leads per score decile as bars in their band's colour, on a whole-number axis.
import { axisScale } from './axisScale';
import { bandOf } from './bandOf';
import { svg } from './dom';
import { formatNumber } from './formatNumber';
import type { Bands } from './types';

const W = 560;
const H = 240;
const L = 44;
const R = 12;
const T = 16;
const B = 40;

/** The chart of `histogram` (leads per decile 0–9, 10–19, …, 90–100); each bar's class names its band. */
export function drawHistogram(histogram: number[], bands: Bands): SVGSVGElement {
  const { top, ticks } = axisScale(Math.max(0, ...histogram));
  const plotW = W - L - R;
  const plotH = H - T - B;
  const bw = plotW / histogram.length;
  const root = svg('svg', { viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-label': 'Leads per score decile', id: 'histogram' });
  for (const v of ticks) {
    const y = T + plotH - (v / top) * plotH;
    root.append(svg('line', { x1: L, x2: W - R, y1: y, y2: y, class: 'grid-line' }), svg('text', { x: L - 6, y: y + 4, 'text-anchor': 'end', class: 'axis' }, formatNumber(v)));
  }
  histogram.forEach((n, i) => {
    const h = (n / top) * plotH;
    const x = L + i * bw + 3;
    const y = T + plotH - h;
    const title = svg('title', {}, `${formatNumber(n)} leads scoring ${i * 10}–${i === 9 ? 100 : i * 10 + 9}`);
    root.append(svg('rect', { x, y, width: bw - 6, height: Math.max(h, n ? 1 : 0), rx: 3, class: `bar ${bandOf(i * 10, bands)}`, 'data-count': n }, title));
    if (n) root.append(svg('text', { x: x + (bw - 6) / 2, y: y - 4, 'text-anchor': 'middle', class: 'value' }, formatNumber(n)));
    root.append(svg('text', { x: L + i * bw + bw / 2, y: H - B + 16, 'text-anchor': 'middle', class: 'axis' }, i * 10));
  });
  root.append(
    svg('line', { x1: L, x2: W - R, y1: T + plotH, y2: T + plotH, class: 'base-line' }),
    svg('text', { x: L + plotW / 2, y: H - 6, 'text-anchor': 'middle', class: 'axis' }, 'score'),
  );
  return root;
}
