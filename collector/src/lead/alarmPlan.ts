// The one alarm of a lead object (SPEC.md §2: one alarm per object) and the six kinds of work it runs: a
// held-back publish, the daily decay check, the retention fold, webhook retries, handing over web vitals
// and insight notes, and the expiry of an anonymous visitor that never scored. Pure: the object stores and
// sets what these functions decide.
import { DAY, MINUTE } from '../time';
import { scoresHere, type ObjectState } from './objectState';

/** When each of an object's own concerns is due (Infinity: not at all). */
export interface DueTimes {
  publish: number;
  decay: number;
  retention: number;
  /** Pending web vitals and insight notes that no index write took within a minute. */
  vitals: number;
  /** The check whether an anonymous visitor that never scored has been idle for ANONYMOUS_IDLE_DAYS. */
  expiry: number;
}

/** Days after which an anonymous visitor that never scored (never listed, never published) is forgotten. */
export const ANONYMOUS_IDLE_DAYS = 30;

/**
 * When an anonymous visitor's expiry is checked: ANONYMOUS_IDLE_DAYS after it was first seen, then after
 * the last time a check found it active (`expiryCheck`) — a fixed time, so that beacons do not move the
 * alarm (each move is a write). Infinity once it has scored.
 */
export function expiryCheck(s: ObjectState): number {
  if (s.kind !== 'anonymous' || s.indexed || s.published) return Infinity;
  return s.expiryCheck ?? s.firstSeen + ANONYMOUS_IDLE_DAYS * DAY;
}

/**
 * When web vitals and insight notes gathered at `now` go by themselves (no index write took them first):
 * within a minute, at the end of the minute that began with the object's last publish when that is still to
 * come — the time a held-back publish is due — so that the two share one alarm and the alarm is not moved
 * twice (each move is a write).
 */
export function handOverTime(s: ObjectState, now: number): number {
  const minuteEnd = 'published' in s && s.published ? s.published.at + MINUTE : -Infinity;
  return minuteEnd > now ? minuteEnd : now + MINUTE;
}

/** Whether an anonymous visitor that never scored has been idle for ANONYMOUS_IDLE_DAYS at `at`. */
export function expired(s: ObjectState, at: number): boolean {
  return expiryCheck(s) !== Infinity && at - s.lastSeen >= ANONYMOUS_IDLE_DAYS * DAY;
}

/** The due times of `s`, whose retention fold is due at `retentionDue()` (asked only when it scores). */
export function dueTimes(s: ObjectState, retentionDue: () => number): DueTimes {
  // No due time while an index write in flight carries them (Publisher.ts).
  const vitals = (s.vitals?.length || s.notes) && s.handOverDue !== undefined ? s.handOverDue : Infinity;
  if (!scoresHere(s)) return { publish: Infinity, decay: Infinity, retention: Infinity, vitals, expiry: Infinity };
  return {
    publish: s.publishPending && s.published ? s.published.at + MINUTE : Infinity,
    decay: s.decayAt ?? Infinity,
    retention: retentionDue(),
    vitals,
    expiry: expiryCheck(s),
  };
}

/** The time the alarm must be set to: the earliest of the due times and the webhook retries; null for none. */
export function nextAlarm(s: ObjectState | null, due: DueTimes): number | null {
  if (!s) return null;
  const at = Math.min(due.publish, due.decay, due.retention, due.vitals, due.expiry, ...(s.webhooks ?? []).map((w) => w.nextAt));
  return at === Infinity ? null : at;
}

/** What an alarm firing at `now` does: fold, then publish as a flush or a decay check, hand over web vitals. */
export interface AlarmWork {
  /** The time the work stands for: the earliest due time, or now when that is later. */
  at: number;
  fold: boolean;
  publish: 'flush' | 'decay' | null;
  vitals: boolean;
  expiry: boolean;
}

/**
 * The work due at `now`. An alarm means the earliest due time has come: the runtime fires it then or
 * later, and tests fire it early (runDurableObjectAlarm), standing for the passing of that time.
 */
export function alarmWork(due: DueTimes, now: number): AlarmWork {
  const earliest = Math.min(due.publish, due.decay, due.retention, due.vitals, due.expiry);
  const at = earliest === Infinity ? now : Math.max(now, earliest);
  const fold = due.retention <= at;
  const publish = due.publish <= at ? 'flush' : due.decay <= at || fold ? 'decay' : null;
  return { at, fold, publish, vitals: due.vitals <= at, expiry: due.expiry <= at };
}
