// One CSV line (RFC 4180) with formula injection defused, for `GET /v1/leads.csv`.

/**
 * A cell: text starting with `=`, `+`, `-`, `@`, tab or carriage return is prefixed with `'` so that
 * spreadsheets do not run it as a formula (https://owasp.org/www-community/attacks/CSV_Injection);
 * cells with quotes, commas or line breaks are quoted.
 */
export function csvCell(value: string | number | boolean): string {
  let s = String(value);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** A line of cells, CRLF-terminated. */
export function csvRow(cells: readonly (string | number | boolean)[]): string {
  return cells.map(csvCell).join(',') + '\r\n';
}
