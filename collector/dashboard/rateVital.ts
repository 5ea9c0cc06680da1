// Rates a Web Vitals p75 by the Core Web Vitals thresholds: https://web.dev/articles/vitals

/** The metrics the vitals table shows. */
export type Vital = 'lcp' | 'inp' | 'cls';

/** Upper bounds of "good" and of "needs improvement" (shown as fair): LCP and INP in ms, CLS unitless. */
const LIMITS: Record<Vital, [number, number]> = { lcp: [2500, 4000], inp: [200, 500], cls: [0.1, 0.25] };

/** `good`, `fair` or `poor` for a metric's 75th percentile; a value on a bound takes the better rating. */
export function rateVital(metric: Vital, p75: number): 'good' | 'fair' | 'poor' {
  const [good, fair] = LIMITS[metric];
  return p75 <= good ? 'good' : p75 <= fair ? 'fair' : 'poor';
}
