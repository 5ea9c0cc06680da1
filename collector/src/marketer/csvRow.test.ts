import { describe, expect, it } from 'vitest';
import { csvCell, csvRow } from './csvRow';

describe('csvCell', () => {
  it('defuses cells a spreadsheet would run as formulas', () => {
    for (const [input, out] of [
      ['=1+1', "'=1+1"],
      ['+1', "'+1"],
      ['-1', "'-1"],
      ['@SUM(A1)', "'@SUM(A1)"],
      ['\tx', "'\tx"],
      ['=HYPERLINK("http://x","y")', `"'=HYPERLINK(""http://x"",""y"")"`],
    ]) expect(csvCell(input!)).toBe(out);
  });

  it('quotes commas, quotes and line breaks, and leaves plain cells and numbers alone', () => {
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    expect(csvCell('ana@example.com')).toBe('ana@example.com');
    expect(csvCell(42)).toBe('42');
    expect(csvCell(true)).toBe('true');
  });
});

describe('csvRow', () => {
  it('joins cells with commas and ends with CRLF', () => {
    expect(csvRow(['a', 1, false, '=x'])).toBe("a,1,false,'=x\r\n");
  });
});
