import { describe, expect, it } from 'vitest';
import { csvRow } from './csvRow';
import { parseCsv, undefuse } from './parseCsv';

describe('parseCsv', () => {
  it('reads quoted cells, doubled quotes, line breaks inside quotes and either line end', () => {
    expect(parseCsv('a,b\r\n"x, y","say ""hi"""\n"two\nlines",\n\n')).toEqual([['a', 'b'], ['x, y', 'say "hi"'], ['two\nlines', '']]);
    expect(parseCsv('\ufefflead,at\nana,1')).toEqual([['lead', 'at'], ['ana', '1']]);
    expect(parseCsv('a\rb')).toEqual([['a'], ['b']]);
  });

  it('refuses a quote left open', () => {
    expect(() => parseCsv('a,"b\n')).toThrow('a quoted cell is not closed');
  });

  it('reads back what the lead export wrote', () => {
    const cells = ['=1+1', 'Smith, "Bob"', '-3', 'plain'];
    expect(parseCsv(csvRow(cells))[0]!.map(undefuse)).toEqual(cells);
  });
});
