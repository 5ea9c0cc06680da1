// One CSV line (RFC 4180) with formula injection defused, for `GET /v1/leads.csv`.

// Spreadsheets start a formula at `=`, `+`, `-` or `@` (https://owasp.org/www-community/attacks/CSV_Injection),
// also after leading spaces, and fold compatibility forms such as the fullwidth `＝＋－＠` that East Asian
// input methods type into the same characters: NFKC folding finds every such form.
const FORMULA_START = /^[=+\-@]/;
// Leading characters a spreadsheet may skip before it looks for a formula: white space, controls and
// invisible format characters (zero-width space, byte order mark…).
const LEADING_BLANKS = /^[\p{White_Space}\p{Cc}\p{Cf}]+/u;
// A cell that begins with a control or format character is never a real value here; tab and carriage
// return are the classic ones that start a formula in some spreadsheets, so every such cell is defused.
const CONTROL_START = /^[\p{Cc}\p{Cf}]/u;

/** Whether a spreadsheet could read `s` as a formula (or as the start of one). */
export function looksLikeFormula(s: string): boolean {
  if (CONTROL_START.test(s)) return true;
  const rest = s.replace(LEADING_BLANKS, '');
  const first = rest.codePointAt(0);
  return first !== undefined && FORMULA_START.test(String.fromCodePoint(first).normalize('NFKC'));
}

/**
 * A cell: text a spreadsheet could read as a formula (looksLikeFormula) is prefixed with `'`, which makes
 * it plain text; cells with quotes, commas or line breaks are quoted.
 */
export function csvCell(value: string | number | boolean): string {
  let s = String(value);
  if (looksLikeFormula(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** A line of cells, CRLF-terminated. */
export function csvRow(cells: readonly (string | number | boolean)[]): string {
  return cells.map(csvCell).join(',') + '\r\n';
}
