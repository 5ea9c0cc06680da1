// A lift and its 95 % interval on a log scale from ⅛ to 8, with 1 (as likely as any lead) marked: a signal
// whose bar crosses the mark is not clearly better or worse than the rest.
import { svg } from './dom';

const W = 120;
const H = 14;
/** The scale's ends: ⅛× to 8× (log2 from −3 to 3); lifts beyond are drawn at the edge. */
const SPAN = 3;
const x = (lift: number) => (W / 2) * (1 + Math.max(-SPAN, Math.min(SPAN, Math.log2(Math.max(lift, 2 ** -SPAN)))) / SPAN);

/** The bar of `lift` with `interval`; its class says whether the interval is above, below or across 1. */
export function liftBar(lift: number, interval: { low: number; high: number }): SVGSVGElement {
  const side = interval.low > 1 ? 'pos' : interval.high < 1 ? 'neg' : 'flat';
  return svg('svg', { viewBox: `0 0 ${W} ${H}`, class: `lift-bar ${side}`, role: 'img', 'aria-label': `lift ${lift.toFixed(2)}, 95 % interval ${interval.low.toFixed(2)} to ${interval.high.toFixed(2)}` }, [
    svg('line', { x1: W / 2, x2: W / 2, y1: 0, y2: H, class: 'one' }),
    svg('line', { x1: x(interval.low), x2: x(interval.high), y1: H / 2, y2: H / 2, class: 'range' }),
    svg('circle', { cx: x(lift), cy: H / 2, r: 3.5, class: 'point' }),
  ]);
}
