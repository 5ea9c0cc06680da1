// The reliability chart of lead confidence: for each bucket of scores, the predicted probability (x) against
// the rate observed (y) with its 95 % interval; on the diagonal, what was predicted is what happened.
import { svg } from './dom';
import { formatPercent } from './formatPercent';
import type { CalibrationBucket } from './types';

const W = 420;
const H = 300;
const L = 52;
const R = 14;
const T = 14;
const B = 42;

/** The chart of `buckets` (only those with a probability: a calibration that is ready). */
export function drawReliability(buckets: CalibrationBucket[]): SVGSVGElement {
  const drawn = buckets.filter((b) => b.probability !== null);
  const peak = Math.max(0.05, ...drawn.flatMap((b) => [b.probability!, b.high]));
  // Round ticks: the smallest step of 1, 2, 5, 10 or 20 % that needs at most 6 of them.
  const step = [0.01, 0.02, 0.05, 0.1, 0.2].find((s) => Math.ceil(peak / s - 1e-9) <= 6) ?? 0.2;
  const top = Math.min(1, Math.ceil(peak / step - 1e-9) * step);
  const plotW = W - L - R;
  const plotH = H - T - B;
  const px = (p: number) => L + (Math.min(p, top) / top) * plotW;
  const py = (p: number) => T + plotH - (Math.min(p, top) / top) * plotH;
  const root = svg('svg', { viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-label': 'Predicted against observed conversion rate per bucket of scores', id: 'reliability-chart' });
  for (let i = 0; i * step <= top + 1e-9; i++) {
    const v = i * step;
    root.append(
      svg('line', { x1: L, x2: W - R, y1: py(v), y2: py(v), class: 'grid-line' }),
      svg('text', { x: L - 6, y: py(v) + 4, 'text-anchor': 'end', class: 'axis' }, formatPercent(v, 0)),
      svg('text', { x: px(v), y: H - B + 16, 'text-anchor': 'middle', class: 'axis' }, formatPercent(v, 0)),
    );
  }
  root.append(
    svg('line', { x1: px(0), y1: py(0), x2: px(top), y2: py(top), class: 'diagonal' }),
    svg('text', { x: L + plotW / 2, y: H - 6, 'text-anchor': 'middle', class: 'axis' }, 'predicted (lead confidence)'),
    svg('text', { x: 12, y: T + plotH / 2, 'text-anchor': 'middle', class: 'axis', transform: `rotate(-90 12 ${T + plotH / 2})` }, 'observed'),
  );
  const most = Math.max(1, ...drawn.map((b) => b.leads));
  for (const b of drawn) {
    const x = px(b.probability!);
    const title = svg('title', {}, `scores ${b.from}–${b.to}: ${b.conversions} of ${b.leads} converted (${formatPercent(b.rate)}, 95 % ${formatPercent(b.low)}–${formatPercent(b.high)}); predicted ${formatPercent(b.probability!)}`);
    root.append(
      svg('line', { x1: x, x2: x, y1: py(b.low), y2: py(b.high), class: 'interval' }),
      svg('circle', { cx: x, cy: py(b.rate), r: 3 + 7 * Math.sqrt(b.leads / most), class: 'bucket', 'data-from': b.from, 'data-to': b.to, 'data-probability': b.probability!, 'data-rate': b.rate }, title),
    );
  }
  return root;
}
