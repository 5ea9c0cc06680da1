import { describe, expect, it } from 'vitest';
import { wilson } from './wilson';

describe('wilson', () => {
  it('matches the published 95 % interval and stays inside [0, 1]', () => {
    // 8 of 20: 0.2188–0.6134 (Newcombe 1998, method 3).
    const w = wilson(8, 20);
    expect(w.low).toBeCloseTo(0.2188, 4);
    expect(w.high).toBeCloseTo(0.6134, 4);
    expect(wilson(0, 10).low).toBe(0);
    expect(wilson(0, 10).high).toBeCloseTo(0.2775, 4);
    expect(wilson(10, 10).high).toBeCloseTo(1, 12);
    expect(wilson(10, 10).high).toBeLessThanOrEqual(1);
    expect(wilson(0, 0)).toEqual({ low: 0, high: 0 });
  });

  it('narrows as trials grow', () => {
    const widths = [10, 100, 1000].map((n) => wilson(n / 5, n)).map((w) => w.high - w.low);
    expect(widths[0]).toBeGreaterThan(widths[1]!);
    expect(widths[1]).toBeGreaterThan(widths[2]!);
  });
});
