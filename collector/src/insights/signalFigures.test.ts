import { describe, expect, it } from 'vitest';
import { pointsPerDoubling, signalFigures } from './signalFigures';

const bands = { warm: 40, hot: 80 };
const overall = { leads: 1000, conversions: 100, rate: 0.1 };

describe('signalFigures', () => {
  it('turns lift into points on the site scale: three times the rate is log2(3) doublings', () => {
    const f = signalFigures(300, 90, overall, bands);
    expect(f.status).toBe('ok');
    expect(f.lift).toBeCloseTo(3, 12);
    expect(f.interval!.low).toBeLessThan(3);
    expect(f.interval!.high).toBeGreaterThan(3);
    expect(f.suggestedPoints).toBe(Math.round(20 * Math.log2(90.5 / 301 / 0.1)));
    expect(signalFigures(300, 30, overall, bands).suggestedPoints).toBe(0);
    expect(signalFigures(300, 3, overall, bands).suggestedPoints).toBeLessThan(-50);
  });

  it('says "not enough data" below its minimums rather than give a noisy number', () => {
    expect(signalFigures(29, 20, overall, bands)).toMatchObject({ status: 'not_enough_data', lift: null, suggestedPoints: null, reason: 'not enough data: 29 leads matched, 30 needed' });
    // 40 leads at a 10 % rate: 4 conversions expected, fewer than 5.
    expect(signalFigures(40, 0, overall, bands).status).toBe('not_enough_data');
    expect(signalFigures(50, 0, overall, bands).status).toBe('ok');
    expect(signalFigures(300, 90, { leads: 1000, conversions: 9, rate: 0.009 }, bands).reason).toBe('not enough data: the site needs 10 conversions, it has 9');
    expect(signalFigures(50, 25, { leads: 99, conversions: 50, rate: 50 / 99 }, bands).reason).toBe('not enough data: the site needs 100 leads, it has 99');
  });

  it('keeps suggestions within ±100 and the scale at least 5 points a doubling', () => {
    expect(signalFigures(1000, 0, { leads: 100000, conversions: 50000, rate: 0.5 }, { warm: 0, hot: 100 }).suggestedPoints).toBe(-100);
    expect(pointsPerDoubling({ warm: 50, hot: 50 })).toBe(5);
  });
});
