// The one alarm of a lead object (SPEC.md §2: one alarm per object) and the five kinds of work it runs: a
// held-back publish, the daily decay check, the retention fold, webhook retries and handing over web
// vitals. Pure: the object stores and sets what these functions decide.
import { MINUTE } from '../time';
import { scoresHere, type ObjectState } from './objectState';

/** When each of an object's own concerns is due (Infinity: not at all). */
export interface DueTimes {
  publish: number;
  decay: number;
  retention: number;
  /** Pending web vitals and insight notes that no index write took within a minute. */
  vitals: number;
}

/** The due times of `s`, whose retention fold is due at `retentionDue()` (asked only when it scores). */
export function dueTimes(s: ObjectState, retentionDue: () => number): DueTimes {
  // No due time while an index write in flight carries them (Publisher.ts).
  const vitals = (s.vitals?.length || s.notes) && s.handOverDue !== undefined ? s.handOverDue : Infinity;
  if (!scoresHere(s)) return { publish: Infinity, decay: Infinity, retention: Infinity, vitals };
  return {
    publish: s.publishPending && s.published ? s.published.at + MINUTE : Infinity,
    decay: s.decayAt ?? Infinity,
    retention: retentionDue(),
    vitals,
  };
}

/** The time the alarm must be set to: the earliest of the due times and the webhook retries; null for none. */
export function nextAlarm(s: ObjectState | null, due: DueTimes): number | null {
  if (!s) return null;
  const at = Math.min(due.publish, due.decay, due.retention, due.vitals, ...(s.webhooks ?? []).map((w) => w.nextAt));
  return at === Infinity ? null : at;
}

/** What an alarm firing at `now` does: fold, then publish as a flush or a decay check, hand over web vitals. */
export interface AlarmWork {
  /** The time the work stands for: the earliest due time, or now when that is later. */
  at: number;
  fold: boolean;
  publish: 'flush' | 'decay' | null;
  vitals: boolean;
}

/**
 * The work due at `now`. An alarm means the earliest due time has come: the runtime fires it then or
 * later, and tests fire it early (runDurableObjectAlarm), standing for the passing of that time.
 */
export function alarmWork(due: DueTimes, now: number): AlarmWork {
  const earliest = Math.min(due.publish, due.decay, due.retention, due.vitals);
  const at = earliest === Infinity ? now : Math.max(now, earliest);
  const fold = due.retention <= at;
  const publish = due.publish <= at ? 'flush' : due.decay <= at || fold ? 'decay' : null;
  return { at, fold, publish, vitals: due.vitals <= at };
}
