// A per-object budget of events per minute: a visitor's object refuses beacons past it (429). A sliding
// window — the previous clock minute's count weighted by how much of it still lies in the last 60 s, plus
// the current minute's — so that a burst spanning a minute boundary is not forgiven at the boundary.
import { MINUTE } from '../time';

/** Returns `take(n, now)`: true while the events of the last minute, these included, stay within `limit`. */
export function minuteLimiter(limit: number): (n: number, now: number) => boolean {
  let minute = -Infinity;
  let current = 0;
  let previous = 0;
  return (n, now) => {
    const m = Math.floor(now / MINUTE);
    if (m !== minute) {
      previous = m === minute + 1 ? current : 0;
      current = 0;
      minute = m;
    }
    const past = previous * (1 - (now - m * MINUTE) / MINUTE);
    if (past + current + n > limit) return false;
    current += n;
    return true;
  };
}
