// Score and bands over time: per day, the leads of each band stacked (left axis), their average score as a
// line with a dot per day (right axis, 0–100), and the day's conversions as a strip above the plot.
import { axisScale } from './axisScale';
import { svg } from './dom';
import { formatNumber } from './formatNumber';
import type { TrendDay } from './types';

const W = 560;
const H = 270;
const L = 44;
const R = 36;
/** The conversions strip above the plot. */
const STRIP = 22;
const T = STRIP + 12;
const B = 36;

/** The chart of `days` (oldest first); days before counting began have no bars. */
export function drawTrend(days: TrendDay[]): SVGSVGElement {
  const { top, ticks } = axisScale(Math.max(0, ...days.map((d) => d.leads ?? 0)));
  const plotW = W - L - R;
  const plotH = H - T - B;
  const bw = plotW / Math.max(1, days.length);
  const most = Math.max(1, ...days.map((d) => d.conversions));
  const y = (n: number) => T + plotH - (n / top) * plotH;
  const ys = (score: number) => T + plotH - (score / 100) * plotH;
  const root = svg('svg', { viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-label': 'Leads per band, average score and conversions per day', id: 'trend-chart' });
  for (const v of ticks) root.append(svg('line', { x1: L, x2: W - R, y1: y(v), y2: y(v), class: 'grid-line' }), svg('text', { x: L - 6, y: y(v) + 4, 'text-anchor': 'end', class: 'axis' }, formatNumber(v)));
  for (const s of [0, 50, 100]) root.append(svg('text', { x: W - R + 6, y: ys(s) + 4, class: 'axis score-axis' }, s));
  root.append(svg('text', { x: L - 6, y: 4 + STRIP / 2 + 4, 'text-anchor': 'end', class: 'axis' }, formatNumber(most)));
  const line: string[] = [];
  // Dates under every few bars, never two labels on top of each other.
  const every = Math.max(1, Math.ceil(days.length / 7));
  days.forEach((d, i) => {
    const x = L + i * bw;
    if (d.bands) {
      let base = 0;
      for (const band of ['cold', 'warm', 'hot'] as const) {
        const n = d.bands[band];
        if (n) root.append(svg('rect', { x: x + 1, y: y(base + n), width: Math.max(1, bw - 2), height: y(base) - y(base + n), class: `bar ${band}`, 'data-date': d.date, 'data-count': n }, svg('title', {}, `${d.date}: ${formatNumber(n)} ${band}`)));
        base += n;
      }
    }
    if (d.averageScore !== null) {
      line.push(`${(x + bw / 2).toFixed(1)},${ys(d.averageScore).toFixed(1)}`);
      root.append(svg('circle', { cx: x + bw / 2, cy: ys(d.averageScore), r: 2.5, class: 'avg-dot' }, svg('title', {}, `${d.date}: average score ${formatNumber(d.averageScore, 1)}`)));
    }
    if (d.conversions) {
      const h = Math.max(2, (d.conversions / most) * STRIP);
      root.append(svg('rect', { x: x + 1, y: 4 + STRIP - h, width: Math.max(1, bw - 2), height: h, class: 'conv', 'data-date': d.date, 'data-count': d.conversions }, svg('title', {}, `${d.date}: ${formatNumber(d.conversions)} conversions`)));
    }
    if (i % every === 0) root.append(svg('text', { x: x + bw / 2, y: H - B + 16, 'text-anchor': 'middle', class: 'axis' }, d.date.slice(5)));
  });
  if (line.length > 1) root.append(svg('polyline', { points: line.join(' '), class: 'avg-line' }));
  root.append(svg('line', { x1: L, x2: W - R, y1: T + plotH, y2: T + plotH, class: 'base-line' }));
  return root;
}
