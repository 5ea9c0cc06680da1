import { expect, it, vi } from 'vitest';
import { leadRow } from './leadRow';

const now = Date.parse('2026-03-10T12:00:00Z');

it('shows the lead’s id as text, its score, band and last visit, and opens it by id and kind', () => {
  const open = vi.fn();
  const xss = '<img src=x onerror="window.__xss=1">';
  const row = leadRow({ id: xss, score: 53, band: 'warm', lastSeen: '2026-03-10T11:30:00Z', identified: true }, open, now);
  expect(row.getAttribute('data-id')).toBe(xss);
  expect(row.querySelector('img')).toBeNull();
  expect([...row.cells].map((td) => td.textContent)).toEqual([xss, '53', 'warm', '–', '30 min ago', '–']);
  expect(row.querySelector('.pill')!.className).toBe('pill warm');
  expect(row.querySelector('svg.mini rect.warm')!.getAttribute('width')).toBe('53');
  row.querySelector('button')!.click();
  expect(open).toHaveBeenCalledWith(xss, 'lead');
});

it('marks an anonymous visitor and opens it as a visitor', () => {
  const open = vi.fn();
  const row = leadRow({ id: 'v0123456789abcdefghij', score: 0, band: 'cold', lastSeen: '2026-03-08T12:00:00Z', identified: false }, open, now);
  expect(row.querySelector('.tag')!.textContent).toBe('anonymous');
  // A score of 0 still shows a sliver of bar.
  expect(row.querySelector('svg.mini rect.cold')!.getAttribute('width')).toBe('1');
  row.querySelector('button')!.click();
  expect(open).toHaveBeenCalledWith('v0123456789abcdefghij', 'visitor');
});

it('shows the lead’s confidence with what it rests on', () => {
  const confidence = { outcome: 'won', probability: 0.234, bucket: { from: 40, to: 59, leads: 312, conversions: 73, rate: 0.234 } };
  const row = leadRow({ id: 'ana@example.com', score: 47, band: 'warm', lastSeen: '2026-03-10T11:30:00Z', identified: true, confidence }, vi.fn(), now);
  expect(row.cells[3]!.textContent).toBe('23 %');
  expect(row.cells[3]!.getAttribute('title')).toBe("23.4 % chance of 'won': scores 40–59, 73 of 312 leads converted");
});
