// A per-object budget of events per clock minute: a visitor's object refuses beacons past it (429).
import { MINUTE } from '../time';

/** Returns `take(n, now)`: true while the events taken in `now`'s minute stay within `limit`. */
export function minuteLimiter(limit: number): (n: number, now: number) => boolean {
  let minute = -1;
  let count = 0;
  return (n, now) => {
    const m = Math.floor(now / MINUTE);
    if (m !== minute) {
      minute = m;
      count = 0;
    }
    count += n;
    return count <= limit;
  };
}
