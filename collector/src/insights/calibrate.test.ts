import { describe, expect, it } from 'vitest';
import { calibrate, confidenceFor } from './calibrate';

const bands = { warm: 40, hot: 80 };
const at = (entries: [number, number][]) => {
  const xs = Array.from({ length: 101 }, () => 0);
  for (const [s, n] of entries) xs[s] = n;
  return xs;
};

describe('calibrate', () => {
  it('merges thin buckets into the next, makes rates non-decreasing and answers a score with its bucket', () => {
    // 25 leads at 5 (too few alone: merged with 15), a dip at 65 pooled with 55.
    const leads = at([[5, 25], [15, 40], [55, 100], [65, 60], [95, 40]]);
    const conversions = at([[5, 1], [15, 3], [55, 30], [65, 12], [95, 30]]);
    const cal = calibrate('won', leads, conversions, bands);
    expect(cal.ready).toBe(true);
    expect(cal.buckets.map((b) => [b.from, b.to, b.leads, b.conversions])).toEqual([[0, 19, 65, 4], [20, 59, 100, 30], [60, 69, 60, 12], [70, 100, 40, 30]]);
    expect(cal.buckets.map((b) => b.probability)).toEqual([4 / 65, 42 / 160, 42 / 160, 0.75]);
    expect(confidenceFor(cal, 62)).toEqual({ outcome: 'won', probability: 42 / 160, bucket: { from: 60, to: 69, leads: 60, conversions: 12, rate: 0.2 } });
    expect(cal.bands.map((b) => [b.band, b.from, b.to, b.leads, b.conversions])).toEqual([['cold', 0, 39, 65, 4], ['warm', 40, 79, 160, 42], ['hot', 80, 100, 40, 30]]);
  });

  it('gives no confidence below its minimums, and says which', () => {
    const few = calibrate('won', at([[10, 500]]), at([[10, 19]]), bands);
    expect(few).toMatchObject({ ready: false, reason: "needs at least 20 'won' outcomes; 19 so far", brier: null });
    expect(few.buckets[0]!.probability).toBeNull();
    expect(confidenceFor(few, 10)).toBeNull();
    expect(calibrate('won', at([[10, 150]]), at([[10, 40]]), bands).reason).toBe('needs at least 200 scored leads; 150 so far');
  });

  it('scores its calibration: Brier against the baseline of one rate for all', () => {
    const cal = calibrate('won', at([[0, 100], [90, 100]]), at([[0, 10], [90, 90]]), bands);
    expect(cal.brier).toBeCloseTo((10 * 0.81 + 90 * 0.01 + 90 * 0.01 + 10 * 0.81) / 200, 12);
    expect(cal.baselineBrier).toBeCloseTo(0.25, 12);
    expect(cal.brier!).toBeLessThan(cal.baselineBrier!);
    expect(cal.auc).toBeCloseTo((90 * (90 + 5)) / (100 * 100) + (10 * 45) / (100 * 100), 12);
  });
});
