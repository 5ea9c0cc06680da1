// Reads CSV text (RFC 4180: quoted cells with "" for a quote, commas and line breaks inside quotes, CRLF or
// LF line ends), as CRMs export it, for `POST /v1/conversions`.

/** The rows of `text`, each a list of cells; blank lines are skipped. Throws on an unterminated quote. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0; // a byte-order mark, as spreadsheets write
  const endRow = () => {
    row.push(cell);
    if (row.length > 1 || row[0] !== '') rows.push(row);
    row = [];
    cell = '';
  };
  for (; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          cell += '"';
          i++;
        } else quoted = false;
      } else cell += ch;
    } else if (ch === '"' && cell === '') quoted = true;
    else if (ch === ',') {
      row.push(cell);
      cell = '';
    } else if (ch === '\n') endRow();
    else if (ch === '\r') {
      if (text[i + 1] === '\n') i++;
      endRow();
    } else cell += ch;
  }
  if (quoted) throw new SyntaxError('a quoted cell is not closed');
  if (cell !== '' || row.length) endRow();
  return rows;
}

/**
 * A cell as it was before `csvCell` (csvRow.ts) defused it: a leading `'` before `=`, `+`, `-`, `@`, a tab
 * or a carriage return is dropped, so that a file this API exported reads back the same.
 */
export function undefuse(cell: string): string {
  return /^'[=+\-@\t\r]/.test(cell) ? cell.slice(1) : cell;
}
