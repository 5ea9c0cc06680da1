import { describe, expect, it } from 'vitest';
import { rocAuc } from './rocAuc';

describe('rocAuc', () => {
  it('is 1 for a perfect ranking, 0.5 for none, and counts ties half', () => {
    // scores 0, 1, 2: converted leads only at 2.
    expect(rocAuc([5, 5, 5], [0, 0, 5])).toBe(1);
    expect(rocAuc([10, 10], [5, 5])).toBe(0.5);
    // One pair at the same score: half a win.
    expect(rocAuc([2], [1])).toBe(0.5);
  });

  it('equals the share of (converted, not converted) pairs ranked right', () => {
    const leads = [4, 3, 3];
    const conversions = [1, 1, 2];
    // pairs: positives at 0 (1), 1 (1), 2 (2); negatives at 0 (3), 1 (2), 2 (1).
    const wins = 1 * (0 + 3 / 2) + 1 * (3 + 2 / 2) + 2 * (5 + 1 / 2);
    expect(rocAuc(leads, conversions)).toBeCloseTo(wins / (4 * 6), 12);
  });

  it('is null without both kinds of lead', () => {
    expect(rocAuc([3, 3], [0, 0])).toBeNull();
    expect(rocAuc([3], [3])).toBeNull();
  });
});
