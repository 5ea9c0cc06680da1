// The Wilson score interval of a proportion: unlike the normal approximation it stays inside [0, 1] and
// behaves at small counts and rates near 0 or 1 (https://en.wikipedia.org/wiki/Binomial_proportion_confidence_interval#Wilson_score_interval).

/** z for a two-sided 95 % interval. */
export const Z95 = 1.959963984540054;

/** The 95 % Wilson interval of `successes` out of `trials` (both 0 when there are no trials). */
export function wilson(successes: number, trials: number, z = Z95): { low: number; high: number } {
  if (trials <= 0) return { low: 0, high: 0 };
  const p = successes / trials;
  const z2 = z * z;
  const centre = p + z2 / (2 * trials);
  const spread = z * Math.sqrt((p * (1 - p)) / trials + z2 / (4 * trials * trials));
  const denom = 1 + z2 / trials;
  return { low: Math.max(0, (centre - spread) / denom), high: Math.min(1, (centre + spread) / denom) };
}
