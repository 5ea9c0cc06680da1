import { describe, expect, it } from 'vitest';
import { BASE_DELAY_MS, baseDelay, GIVE_UP_AFTER_MS, MAX_DELAY_MS, nextAttemptAt } from './retrySchedule';

const T0 = 1_800_000_000_000;

describe('nextAttemptAt', () => {
  it('retries the first failure within a minute', () => {
    expect(nextAttemptAt(T0, 1, T0)! - T0).toBe(BASE_DELAY_MS);
    expect(BASE_DELAY_MS).toBeLessThan(60_000);
  });

  it('doubles the wait after each failure, up to an hour', () => {
    const waits = Array.from({ length: 10 }, (_, i) => nextAttemptAt(T0, i + 1, T0)! - T0);
    expect(waits).toEqual([30_000, 60_000, 120_000, 240_000, 480_000, 960_000, 1_920_000, MAX_DELAY_MS, MAX_DELAY_MS, MAX_DELAY_MS]);
  });

  it('gives up once the next attempt would be more than a day after the first', () => {
    expect(nextAttemptAt(T0, 30, T0 + GIVE_UP_AFTER_MS - MAX_DELAY_MS)).toBe(T0 + GIVE_UP_AFTER_MS);
    expect(nextAttemptAt(T0, 30, T0 + GIVE_UP_AFTER_MS - MAX_DELAY_MS + 1)).toBeNull();
    // With the default schedule, a receiver that never answers gets about 30 attempts in the day.
    let at = T0;
    let attempts = 1;
    for (let next = nextAttemptAt(T0, attempts, at); next !== null; next = nextAttemptAt(T0, attempts, at)) {
      at = next;
      attempts++;
    }
    expect(attempts).toBeGreaterThan(20);
    expect(at - T0).toBeLessThanOrEqual(GIVE_UP_AFTER_MS);
  });

  it('scales with a shorter base delay (tests)', () => {
    expect([1, 2, 3].map((n) => nextAttemptAt(T0, n, T0, 200)! - T0)).toEqual([200, 400, 800]);
  });
});

describe('baseDelay', () => {
  it('reads WEBHOOK_BASE_DELAY_MS when it is a positive number, else the default', () => {
    expect(baseDelay('200')).toBe(200);
    expect(baseDelay(undefined)).toBe(BASE_DELAY_MS);
    for (const bad of ['', '0', '-5', 'soon']) expect(baseDelay(bad)).toBe(BASE_DELAY_MS);
  });
});
