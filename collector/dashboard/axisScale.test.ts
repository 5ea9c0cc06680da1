import { describe, expect, it } from 'vitest';
import { axisScale } from './axisScale';

describe('axisScale', () => {
  it('labels counts with whole numbers only, where a quarter of the top once gave 0.3 and 0.8 leads', () => {
    for (let max = 0; max <= 1000; max++) {
      const { ticks } = axisScale(max);
      expect({ max, whole: ticks.every(Number.isInteger) }).toEqual({ max, whole: true });
    }
    expect(axisScale(1).ticks).toEqual([0, 1]);
    expect(axisScale(3).ticks).toEqual([0, 1, 2, 3]);
  });

  it('reaches the tallest bar with a round top, in at most five steps of 1, 2 or 5 times a power of ten', () => {
    for (let max = 1; max <= 1000; max++) {
      const { top, step, ticks } = axisScale(max);
      expect(top).toBeGreaterThanOrEqual(max);
      expect(top - step).toBeLessThan(max);
      expect(ticks.length - 1).toBeLessThanOrEqual(5);
      expect(String(step)).toMatch(/^[125]0*$/);
      expect(ticks).toEqual(ticks.map((_, i) => i * step));
    }
    expect(axisScale(8)).toEqual({ top: 8, step: 2, ticks: [0, 2, 4, 6, 8] });
    expect(axisScale(12)).toEqual({ top: 15, step: 5, ticks: [0, 5, 10, 15] });
    expect(axisScale(230)).toEqual({ top: 250, step: 50, ticks: [0, 50, 100, 150, 200, 250] });
  });

  it('draws an empty chart from 0 to 1', () => {
    expect(axisScale(0)).toEqual({ top: 1, step: 1, ticks: [0, 1] });
    expect(axisScale(Number.NaN)).toEqual({ top: 1, step: 1, ticks: [0, 1] });
  });
});
