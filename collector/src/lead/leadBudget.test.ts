import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS, effectiveLimits, secondsToNextMinute, takeLeadBudget } from './leadBudget';

const T = Date.UTC(2026, 0, 5, 10, 0, 0);

describe('takeLeadBudget', () => {
  it('takes events within the minute and refuses a beacon that does not fit, whole, using nothing', () => {
    let budget = takeLeadBudget(undefined, 1_150, T + 1_000, 1_200);
    expect(budget).toEqual({ budget: { minute: T / 60_000, used: 1_150 } });
    const refused = takeLeadBudget((budget as { budget: never }).budget, 51, T + 45_500, 1_200);
    expect(refused).toEqual({ error: 'rate_limited', retryAfter: 15 });
    budget = takeLeadBudget((budget as { budget: never }).budget, 50, T + 46_000, 1_200);
    expect(budget).toEqual({ budget: { minute: T / 60_000, used: 1_200 } });
  });

  it('starts afresh each clock minute, and lets a beacon with nothing new through even when spent', () => {
    const spent = { minute: T / 60_000, used: 1_200 };
    expect(takeLeadBudget(spent, 0, T + 59_999, 1_200)).toEqual({ budget: spent });
    expect(takeLeadBudget(spent, 50, T + 60_000, 1_200)).toEqual({ budget: { minute: T / 60_000 + 1, used: 50 } });
  });

  it('answers Retry-After in whole seconds to the next minute, at least 1', () => {
    expect(secondsToNextMinute(T)).toBe(60);
    expect(secondsToNextMinute(T + 59_999)).toBe(1);
    expect(secondsToNextMinute(T + 30_001)).toBe(30);
  });

  it('fills in the defaults the site leaves out', () => {
    expect(effectiveLimits(undefined)).toEqual(DEFAULT_LIMITS);
    expect(effectiveLimits({ limits: { customEventsPerDay: 3 } } as never)).toEqual({ ...DEFAULT_LIMITS, customEventsPerDay: 3 });
    expect(DEFAULT_LIMITS.leadEventsPerMinute).toBeGreaterThanOrEqual(1_000);
  });
});
