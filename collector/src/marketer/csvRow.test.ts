import { describe, expect, it } from 'vitest';
import { csvCell, csvRow, looksLikeFormula } from './csvRow';

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

  const formulas: [string, string][] = [
    ['fullwidth equals sign (U+FF1D)', '\uFF1D1+1'],
    ['fullwidth plus sign (U+FF0B)', '\uFF0B1'],
    ['fullwidth hyphen-minus (U+FF0D)', '\uFF0D1'],
    ['fullwidth commercial at (U+FF20)', '\uFF20SUM(A1)'],
    ['small equals sign (U+FE66)', '\uFE661+1'],
    ['superscript plus (U+207A)', '\u207A1'],
    ['a space before =', ' =1+1'],
    ['spaces and a tab before +', '  \t+1'],
    ['a no-break space before -', '\u00A0-1'],
    ['an ideographic space before a fullwidth =', '\u3000\uFF1D1'],
    ['a zero-width space before @', '\u200B@SUM(A1)'],
    ['a byte order mark before =', '\uFEFF=1'],
    ['a carriage return before =', '\r=1'],
    ['a line feed before =', '\n=1'],
    ['a NUL', '\u0000=1'],
    ['a control character before text', '\u0001abc'],
    ['DEL', '\u007Fabc'],
    ['a C1 control', '\u0085abc'],
  ];
  for (const [what, input] of formulas) {
    it(`defuses a cell starting with ${what}`, () => {
      expect(looksLikeFormula(input)).toBe(true);
      const cell = csvCell(input);
      expect(cell.replace(/^"/, '').startsWith("'")).toBe(true);
      // Nothing is lost: the cell is the text behind one apostrophe (quoted when it holds a line break).
      expect(cell.replace(/^"'([\s\S]*)"$/, '$1').replace(/^'/, '')).toBe(input);
    });
  }

  it('leaves alone text that only contains formula characters later, or blanks before plain text', () => {
    for (const input of [' Acme', 'ana@example.com', 'a=b', '1-2', '', 'Ｅxample', '\u3000Acme', '5', 'Ana-Maria']) {
      expect(looksLikeFormula(input), JSON.stringify(input)).toBe(false);
      expect(csvCell(input)).toBe(input);
    }
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
    expect(csvRow(['a', 1, false, '=x', '\uFF1Dx'])).toBe("a,1,false,'=x,'\uFF1Dx\r\n");
  });
});
