// "Why this score": one bar per rule that matched, largest first, gains right of zero and losses left of it.
import { svg } from './dom';
import { formatNumber } from './formatNumber';
import type { LeadDetail } from './types';

const W = 560;
const ROW = 30;
const L = 130;
const R = 70;
const T = 8;

/** The chart of a lead's contributions, with the sum and the score it makes. */
/** `labels` names rules by the labels the marketer gave them (a rule without one shows its id). */
export function drawContributions(lead: Pick<LeadDetail, 'contributions' | 'raw' | 'score'>, labels: ReadonlyMap<string, string> = new Map()): SVGSVGElement {
  const items = lead.contributions.filter((c) => c.count > 0 || c.points !== 0).sort((a, b) => Math.abs(b.points) - Math.abs(a.points));
  const bottom = T + Math.max(items.length, 1) * ROW;
  const extent = Math.max(10, ...items.map((c) => Math.abs(c.points)));
  const hasNeg = items.some((c) => c.points < 0);
  const plotW = W - L - R;
  const zero = hasNeg ? L + plotW / 2 : L;
  const scale = (hasNeg ? plotW / 2 : plotW) / extent;
  const root = svg('svg', { viewBox: `0 0 ${W} ${bottom + 34}`, role: 'img', 'aria-label': 'Points per rule', id: 'contrib-chart' });
  if (!items.length) root.append(svg('text', { x: L, y: T + 20, class: 'axis' }, 'No rule matched yet.'));
  items.forEach((c, i) => {
    const y = T + i * ROW;
    const w = Math.abs(c.points) * scale;
    const gain = c.points >= 0;
    const x = gain ? zero : zero - w;
    const name = c.label ?? labels.get(c.rule) ?? c.rule;
    const title = svg('title', {}, `${name}${name === c.rule ? '' : ` (${c.rule})`}: ${formatNumber(c.points, 2)} points from ${formatNumber(c.count, 2)} event${c.count === 1 ? '' : 's'}`);
    root.append(
      svg('text', { x: L - 8, y: y + 19, 'text-anchor': 'end', class: 'label' }, name.length > 18 ? `${name.slice(0, 17)}…` : name),
      svg('rect', { x, y: y + 6, width: Math.max(w, 1), height: 18, rx: 3, class: gain ? 'pos' : 'neg', 'data-rule': c.rule, 'data-points': c.points }, title),
      svg('text', { x: gain ? x + w + 6 : x - 6, y: y + 19, 'text-anchor': gain ? 'start' : 'end', class: 'value' }, `${gain ? '+' : '−'}${formatNumber(Math.abs(c.points), 1)}`),
    );
  });
  const clamped = lead.raw < 0 || lead.raw > 100 ? ', clamped to 0–100' : '';
  root.append(
    svg('line', { x1: zero, x2: zero, y1: T, y2: bottom, class: 'base-line' }),
    svg('text', { x: L, y: bottom + 24, class: 'total' }, `Sum ${formatNumber(lead.raw, 2)} → score ${lead.score}${clamped}`),
  );
  return root;
}
