import { expect, it } from 'vitest';
import { vitalsRow } from './vitalsRow';

it('shows each metric’s p75 with its rating, and a dash for a metric without samples', () => {
  const row = vitalsRow({ path: '/pricing', samples: 1234, lcp: { p75: 2250, samples: 2 }, inp: { p75: 270, samples: 2 }, cls: null });
  expect([...row.cells].map((td) => [td.textContent, td.className])).toEqual([
    ['/pricing', 'path'],
    ['2,250 ms', 'num good'],
    ['270 ms', 'num fair'],
    ['–', 'num muted'],
    ['1,234', 'num'],
  ]);
  expect(row.cells[1]!.title).toBe('2 samples');
  const cls = vitalsRow({ path: '/', samples: 1, lcp: null, inp: null, cls: { p75: 0.2712, samples: 1 } }).cells[3]!;
  expect([cls.textContent, cls.className]).toEqual(['0.271', 'num poor']);
});
