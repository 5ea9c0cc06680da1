// The one alarm's plan: when it rings and what it does.
import { describe, expect, it } from 'vitest';
import { DAY, MINUTE } from '../time';
import { alarmWork, ANONYMOUS_IDLE_DAYS, dueTimes, expired, expiryCheck, handOverTime, nextAlarm } from './alarmPlan';
import type { AnonymousState, LinkedState } from './objectState';

const T = 1_800_000_000_000;
const base: AnonymousState = { kind: 'anonymous', name: 's/v/x', site: 's', id: 'x', firstSeen: T, lastSeen: T };

describe('dueTimes and nextAlarm', () => {
  it('rings a minute after the last publish while a score is held back', () => {
    const s: AnonymousState = { ...base, publishPending: true, published: { score: 5, band: 'cold', at: T } };
    const due = dueTimes(s, () => Infinity);
    expect(due.publish).toBe(T + MINUTE);
    expect(nextAlarm(s, due)).toBe(T + MINUTE);
  });

  it('takes the earliest of publish, decay, retention and webhook retries', () => {
    const s: AnonymousState = { ...base, decayAt: T + 5, webhooks: [{ id: 'w', body: '{}', firstAt: T, attempts: 1, nextAt: T + 3 }] };
    expect(nextAlarm(s, dueTimes(s, () => T + 9))).toBe(T + 3);
    expect(nextAlarm({ ...s, webhooks: undefined }, dueTimes(s, () => T + 9))).toBe(T + 5);
  });

  it('sets no alarm when nothing is due, and none for a linked visitor but its webhook retries', () => {
    const scored: AnonymousState = { ...base, published: { score: 5, band: 'cold', at: T } };
    expect(nextAlarm(scored, dueTimes(scored, () => Infinity))).toBeNull();
    const linked: LinkedState = { kind: 'linked', name: 's/v/x', site: 's', id: 'x', firstSeen: T, lastSeen: T, lead: { name: 's/l/a', id: 'a' } };
    let asked = false;
    const due = dueTimes(linked, () => ((asked = true), T));
    expect(due).toEqual({ publish: Infinity, decay: Infinity, retention: Infinity, vitals: Infinity, expiry: Infinity });
    expect(asked).toBe(false);
    expect(nextAlarm({ ...linked, webhooks: [{ id: 'w', body: '{}', firstAt: T, attempts: 0, nextAt: T + 1 }] }, due)).toBe(T + 1);
  });
});

describe('handOverTime', () => {
  it('hands vitals and notes over when the minute of the last publish ends, so that a held publish shares the alarm', () => {
    const published: AnonymousState = { ...base, published: { score: 5, band: 'cold', at: T } };
    expect(handOverTime(published, T + 10_000)).toBe(T + MINUTE);
    // The held publish of a beacon in that minute is due at the same time: one alarm time, not two.
    expect(handOverTime(published, T + 10_000)).toBe(dueTimes({ ...published, publishPending: true }, () => Infinity).publish);
  });

  it('waits a minute when that minute is over or nothing was published', () => {
    expect(handOverTime({ ...base, published: { score: 5, band: 'cold', at: T } }, T + MINUTE)).toBe(T + 2 * MINUTE);
    expect(handOverTime(base, T + 5)).toBe(T + 5 + MINUTE);
    const linked: LinkedState = { kind: 'linked', name: 's/v/x', site: 's', id: 'x', firstSeen: T, lastSeen: T, lead: { name: 's/l/a', id: 'a' } };
    expect(handOverTime(linked, T)).toBe(T + MINUTE);
  });
});

describe('alarmWork', () => {
  it('flushes a held-back score, standing for the due time when rung early', () => {
    expect(alarmWork({ publish: T + MINUTE, decay: Infinity, retention: Infinity, vitals: Infinity, expiry: Infinity }, T)).toEqual({ at: T + MINUTE, fold: false, publish: 'flush', vitals: false, expiry: false });
  });

  it('folds and then checks decay when retention is due', () => {
    expect(alarmWork({ publish: Infinity, decay: Infinity, retention: T - 1, vitals: Infinity, expiry: Infinity }, T)).toEqual({ at: T, fold: true, publish: 'decay', vitals: false, expiry: false });
  });

  it('runs the decay check alone when only it is due', () => {
    expect(alarmWork({ publish: Infinity, decay: T, retention: T + 10 * MINUTE, vitals: Infinity, expiry: Infinity }, T)).toEqual({ at: T, fold: false, publish: 'decay', vitals: false, expiry: false });
  });

  it('hands over pending web vitals when their minute is up, and rings for them', () => {
    const s: AnonymousState = { ...base, vitals: [{ id: 'v', path: '/', visitor: 'x', ts: T, lcp: 1, inp: null, cls: null }], handOverDue: T + MINUTE };
    const due = dueTimes(s, () => Infinity);
    expect(nextAlarm(s, due)).toBe(T + MINUTE);
    expect(alarmWork(due, T + MINUTE)).toEqual({ at: T + MINUTE, fold: false, publish: null, vitals: true, expiry: false });
  });

  it('does nothing but reschedule when nothing is due', () => {
    expect(alarmWork({ publish: Infinity, decay: Infinity, retention: Infinity, vitals: Infinity, expiry: Infinity }, T)).toEqual({ at: T, fold: false, publish: null, vitals: false, expiry: false });
  });
});

describe('the expiry of an anonymous visitor that never scored', () => {
  const idle = ANONYMOUS_IDLE_DAYS * DAY;

  it('is checked a month after it was first seen, at a time beacons do not move', () => {
    expect(expiryCheck(base)).toBe(T + idle);
    expect(expiryCheck({ ...base, lastSeen: T + 5 * DAY })).toBe(T + idle);
    expect(nextAlarm(base, dueTimes(base, () => T + 180 * DAY))).toBe(T + idle);
  });

  it('forgets it only when it has been idle for the whole month', () => {
    expect(expired(base, T + idle)).toBe(true);
    expect(expired({ ...base, lastSeen: T + DAY }, T + idle)).toBe(false);
    // The next check then comes a month after it was last seen.
    expect(expiryCheck({ ...base, lastSeen: T + DAY, expiryCheck: T + DAY + idle })).toBe(T + DAY + idle);
  });

  it('never expires a visitor that scored, nor a lead or a linked visitor', () => {
    expect(expiryCheck({ ...base, published: { score: 5, band: 'cold', at: T } })).toBe(Infinity);
    expect(expiryCheck({ ...base, indexed: { score: 5, band: 'cold', lastSeen: T, rev: 0, at: T } })).toBe(Infinity);
    expect(expiryCheck({ kind: 'lead', name: 's/l/a', site: 's', id: 'a', traits: {}, firstSeen: T, lastSeen: T })).toBe(Infinity);
    const linked: LinkedState = { kind: 'linked', name: 's/v/x', site: 's', id: 'x', firstSeen: T, lastSeen: T, lead: { name: 's/l/a', id: 'a' } };
    expect(dueTimes(linked, () => T).expiry).toBe(Infinity);
  });
});
