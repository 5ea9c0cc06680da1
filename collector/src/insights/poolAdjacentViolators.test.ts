import { describe, expect, it } from 'vitest';
import { poolAdjacentViolators } from './poolAdjacentViolators';

describe('poolAdjacentViolators', () => {
  it('leaves non-decreasing rates alone', () => {
    expect(poolAdjacentViolators([{ leads: 10, conversions: 1 }, { leads: 10, conversions: 2 }, { leads: 10, conversions: 5 }])).toEqual([0.1, 0.2, 0.5]);
  });

  it('pools neighbours that go down, weighted by their leads, until none do', () => {
    // 0.3 then 0.1 pool to 4/20; then 0.2 ≥ 0.2 holds; the last 0.15 pools with everything before it.
    const rates = poolAdjacentViolators([{ leads: 10, conversions: 3 }, { leads: 10, conversions: 1 }, { leads: 10, conversions: 2 }, { leads: 30, conversions: 3 }]);
    expect(rates).toEqual([9 / 60, 9 / 60, 9 / 60, 9 / 60]);
    const mixed = poolAdjacentViolators([{ leads: 100, conversions: 5 }, { leads: 10, conversions: 4 }, { leads: 50, conversions: 10 }, { leads: 40, conversions: 30 }]);
    expect(mixed).toEqual([0.05, 14 / 60, 14 / 60, 0.75]);
    for (let i = 1; i < mixed.length; i++) expect(mixed[i]).toBeGreaterThanOrEqual(mixed[i - 1]!);
  });

  it('refuses a group without leads', () => {
    expect(() => poolAdjacentViolators([{ leads: 0, conversions: 0 }])).toThrow(RangeError);
  });
});
