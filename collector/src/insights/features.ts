// The features insights count per lead (InsightsStore.ts): membership, signal keys, rule signatures and
// the score, as one text each so that one table of counts holds them all.

/** Every lead known to insights has it: its count is the number of leads. */
export const MEMBER = '*';
/** A signal key (signalKey.ts). */
export const keyFeature = (key: string) => `k:${key}`;
/** A rule's `when` (ruleSignature.ts). */
export const ruleFeature = (sig: string) => `r:${sig}`;
/** A score, 0–100. */
export const scoreFeature = (score: number) => `s:${score}`;
/** The configuration revision a conversion's score was computed with (converted leads only: `before`). */
export const revFeature = (rev: number) => `v:${rev}`;

/** Bounds of the features of one kind in text order (`k:` … `k;`), for range scans over the primary key. */
export const range = (prefix: 'k' | 'r' | 's' | 'v'): [string, string] => [`${prefix}:`, `${prefix};`];
