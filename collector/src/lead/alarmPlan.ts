// The one alarm of a lead object (SPEC.md §2: one alarm per object) and the four kinds of work it runs: a
// held-back publish, the daily decay check, the retention fold and webhook retries. Pure: the object
// stores and sets what these functions decide.
import { MINUTE } from '../time';
import { scoresHere, type ObjectState } from './objectState';

/** When each of an object's own concerns is due (Infinity: not at all). */
export interface DueTimes {
  publish: number;
  decay: number;
  retention: number;
}

const NEVER: DueTimes = { publish: Infinity, decay: Infinity, retention: Infinity };

/** The due times of `s`, whose retention fold is due at `retentionDue()` (asked only when it scores). */
export function dueTimes(s: ObjectState, retentionDue: () => number): DueTimes {
  if (!scoresHere(s)) return NEVER;
  return {
    publish: s.publishPending && s.published ? s.published.at + MINUTE : Infinity,
    decay: s.decayAt ?? Infinity,
    retention: retentionDue(),
  };
}

/** The time the alarm must be set to: the earliest of the due times and the webhook retries; null for none. */
export function nextAlarm(s: ObjectState | null, due: DueTimes): number | null {
  if (!s) return null;
  const at = Math.min(due.publish, due.decay, due.retention, ...(s.webhooks ?? []).map((w) => w.nextAt));
  return at === Infinity ? null : at;
}

/** What an alarm firing at `now` does: fold, then publish as a flush or a decay check, or only set the next alarm. */
export interface AlarmWork {
  /** The time the work stands for: the earliest due time, or now when that is later. */
  at: number;
  fold: boolean;
  publish: 'flush' | 'decay' | null;
}

/**
 * The work due at `now`. An alarm means the earliest due time has come: the runtime fires it then or
 * later, and tests fire it early (runDurableObjectAlarm), standing for the passing of that time.
 */
export function alarmWork(due: DueTimes, now: number): AlarmWork {
  const earliest = Math.min(due.publish, due.decay, due.retention);
  const at = earliest === Infinity ? now : Math.max(now, earliest);
  const fold = due.retention <= at;
  const publish = due.publish <= at ? 'flush' : due.decay <= at || fold ? 'decay' : null;
  return { at, fold, publish };
}
