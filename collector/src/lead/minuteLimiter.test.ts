import { describe, expect, it } from 'vitest';
import { MINUTE } from '../time';
import { minuteLimiter } from './minuteLimiter';

describe('minuteLimiter', () => {
  it('allows up to the limit within a minute', () => {
    const take = minuteLimiter(100);
    const t = 10 * MINUTE + 1_000;
    expect(take(60, t)).toBe(true);
    expect(take(40, t + 30_000)).toBe(true);
    expect(take(1, t + 30_001)).toBe(false);
  });

  it('does not forgive a burst at a minute boundary', () => {
    const take = minuteLimiter(100);
    const boundary = 10 * MINUTE;
    expect(take(90, boundary - 1_000)).toBe(true);
    // One second later, in the next clock minute: the last 60 s still hold the 90.
    expect(take(20, boundary)).toBe(false);
    expect(take(10, boundary)).toBe(true);
  });

  it('lets a steady sender at the pace of the limit through, minute after minute', () => {
    const take = minuteLimiter(1_000);
    for (let s = 0; s < 300; s++) expect(take(16, 10 * MINUTE + s * 1_000)).toBe(true);
  });

  it('refuses what would pass the limit without counting it', () => {
    const take = minuteLimiter(10);
    expect(take(11, 0)).toBe(false);
    expect(take(10, 0)).toBe(true);
  });
});
