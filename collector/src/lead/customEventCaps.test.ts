import { describe, expect, it } from 'vitest';
import { capCustomEvents } from './customEventCaps';
import type { StoredEvent } from './storedEvent';

const DAY = 86_400_000;
const T = Date.UTC(2026, 0, 5, 10);
let n = 0;
const ev = (name: string, ts: number): StoredEvent => ({ id: `e${n++}`, type: 'event', name, ts, visitor: 'v' });
const visit = (ts: number): StoredEvent => ({ id: `e${n++}`, type: 'visit', ts, visitor: 'v' });
const caps = { customEventsPerVisit: 2, customEventsPerDay: 3 };

describe('capCustomEvents', () => {
  it('keeps each name at most N times per visit and M per UTC day, counting the history', () => {
    const history = [visit(T), ev('a', T + 1)];
    const incoming = [ev('a', T + 2), ev('a', T + 3), ev('b', T + 4), visit(T + 10), ev('a', T + 11), ev('a', T + 12)];
    const kept = capCustomEvents(incoming, history, caps);
    // a: one in the history + one more in the first visit; one in the second, then the day's 3 are reached.
    expect(kept.map((e) => `${e.type}:${e.name ?? ''}`)).toEqual(['event:a', 'event:b', 'visit:', 'event:a']);
  });

  it('counts folded days by their count, starts afresh the next UTC day, and never drops a resend', () => {
    const stored = ev('a', T);
    const history = [{ ...ev('a', T - 1000), count: 3 } as StoredEvent, stored];
    expect(capCustomEvents([ev('a', T + 5)], history, caps)).toEqual([]);
    const tomorrow = ev('a', T + DAY);
    expect(capCustomEvents([tomorrow, stored], history, caps)).toEqual([tomorrow, stored]);
  });

  it('leaves a beacon without custom events as it is', () => {
    const beacon = [visit(T), { id: 'p', type: 'pageview', path: '/', ts: T, visitor: 'v' } as StoredEvent];
    expect(capCustomEvents(beacon, [], caps)).toEqual(beacon);
  });
});
