// Types of scripts/seeded.mjs.

/** A generator of numbers in [0, 1) from `seed` (mulberry32). */
export function seeded(seed: number): () => number;
