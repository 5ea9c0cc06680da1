// Numbers as the reader's locale writes them.

/** `n` in the browser's locale with at most `digits` fraction digits (none by default). */
export function formatNumber(n: number, digits = 0): string {
  return Number(n).toLocaleString(undefined, { maximumFractionDigits: digits });
}
