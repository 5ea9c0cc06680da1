import { describe, expect, it } from 'vitest';
import { timeAgo } from './timeAgo';

const NOW = Date.parse('2026-03-10T12:00:00Z');
const before = (ms: number) => new Date(NOW - ms).toISOString();

describe('timeAgo', () => {
  it('says "just now" under a minute, and for a time ahead of the clock', () => {
    expect(timeAgo(before(0), NOW)).toBe('just now');
    expect(timeAgo(before(59_999), NOW)).toBe('just now');
    expect(timeAgo(before(-3_600_000), NOW)).toBe('just now');
  });

  it('counts whole minutes, then hours, then days, rounding down', () => {
    expect(timeAgo(before(60_000), NOW)).toBe('1 min ago');
    expect(timeAgo(before(59 * 60_000 + 59_000), NOW)).toBe('59 min ago');
    expect(timeAgo(before(3_600_000), NOW)).toBe('1 h ago');
    expect(timeAgo(before(23 * 3_600_000 + 3_599_000), NOW)).toBe('23 h ago');
    expect(timeAgo(before(86_400_000), NOW)).toBe('1 d ago');
    expect(timeAgo(before(45 * 86_400_000), NOW)).toBe('45 d ago');
  });
});
