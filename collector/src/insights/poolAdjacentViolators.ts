// Isotonic regression by pool-adjacent-violators: the closest non-decreasing sequence of rates (weighted
// least squares), so that a higher score never means a lower calibrated probability.

/** One group of leads: how many, and how many converted. */
export interface Tally {
  leads: number;
  conversions: number;
}

/**
 * Non-decreasing rates for `groups` (in score order, each with leads): neighbours whose rates go down are
 * pooled — their conversions over their leads — until none do.
 */
export function poolAdjacentViolators(groups: readonly Tally[]): number[] {
  const pools: { leads: number; conversions: number; size: number }[] = [];
  for (const g of groups) {
    if (g.leads <= 0) throw new RangeError('every group needs leads');
    pools.push({ leads: g.leads, conversions: g.conversions, size: 1 });
    // Pool backwards while the last pool's rate is below the one before it (compared without dividing).
    while (pools.length > 1) {
      const b = pools[pools.length - 1]!;
      const a = pools[pools.length - 2]!;
      if (b.conversions * a.leads >= a.conversions * b.leads) break;
      pools.splice(pools.length - 2, 2, { leads: a.leads + b.leads, conversions: a.conversions + b.conversions, size: a.size + b.size });
    }
  }
  const rates: number[] = [];
  for (const p of pools) for (let i = 0; i < p.size; i++) rates.push(p.conversions / p.leads);
  return rates;
}
