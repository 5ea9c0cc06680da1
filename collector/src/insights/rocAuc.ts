// ROC AUC of a score from counts per score value: the chance that a lead that converted had a higher
// score than one that did not (ties count half). 0.5 is a coin toss, 1 a perfect ranking.

/**
 * AUC from `leads[s]` and `conversions[s]` per score `s` (index order = score order); null when there
 * are no conversions or no non-conversions to compare.
 */
export function rocAuc(leads: readonly number[], conversions: readonly number[]): number | null {
  let positives = 0;
  let negatives = 0;
  for (let s = 0; s < leads.length; s++) {
    positives += conversions[s]!;
    negatives += leads[s]! - conversions[s]!;
  }
  if (positives === 0 || negatives === 0) return null;
  let below = 0;
  let wins = 0;
  for (let s = 0; s < leads.length; s++) {
    const pos = conversions[s]!;
    const neg = leads[s]! - pos;
    wins += pos * (below + neg / 2);
    below += neg;
  }
  return wins / (positives * negatives);
}
