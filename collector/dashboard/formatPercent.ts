// A share (0–1) as a percentage in the reader's locale.

/** `share` as `23.4 %` (one fraction digit by default). */
export function formatPercent(share: number, digits = 1): string {
  return `${(share * 100).toLocaleString(undefined, { minimumFractionDigits: digits, maximumFractionDigits: digits })} %`;
}
