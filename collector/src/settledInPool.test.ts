import { describe, expect, it } from 'vitest';
import { settledInPool } from './settledInPool';

describe('settledInPool', () => {
  it('keeps at most `limit` calls in flight and returns every result in the order of the items', async () => {
    let inFlight = 0;
    let most = 0;
    const results = await settledInPool([5, 1, 4, 2, 3, 0, 6], 3, async (n) => {
      inFlight++;
      most = Math.max(most, inFlight);
      await new Promise((r) => setTimeout(r, n));
      inFlight--;
      if (n === 4) throw new Error('four');
      return n * 10;
    });
    expect(most).toBe(3);
    expect(results.map((r) => (r.status === 'fulfilled' ? r.value : (r.reason as Error).message))).toEqual([50, 10, 'four', 20, 30, 0, 60]);
  });

  it('returns an empty list for no items', async () => {
    expect(await settledInPool([], 4, async () => 1)).toEqual([]);
  });
});
