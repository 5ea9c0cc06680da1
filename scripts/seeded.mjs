// A seeded pseudo-random generator (mulberry32): the same seed gives the same sequence, so a simulated data
// set, a benchmark or a failing property can be replayed. Plain JavaScript, usable in Node and in workerd.

/** A generator of numbers in [0, 1) from `seed`. */
export function seeded(seed) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
