import { describe, expect, it } from 'vitest';
import { MINUTE } from '../time';
import { minuteLimiter } from './minuteLimiter';

describe('minuteLimiter', () => {
  it('allows up to the limit within a clock minute and starts again in the next', () => {
    const take = minuteLimiter(100);
    const t = 10 * MINUTE;
    expect(take(60, t)).toBe(true);
    expect(take(40, t + 59_000)).toBe(true);
    expect(take(1, t + 59_999)).toBe(false);
    expect(take(100, t + MINUTE)).toBe(true);
  });
});
