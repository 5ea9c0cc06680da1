import { expect, it } from 'vitest';
import { drawTrend } from './drawTrend';

it('stacks each day’s bands, draws the average score and marks conversions; days before counting stay empty', () => {
  const days = [
    { date: '2026-03-01', leads: null, averageScore: null, bands: null, activeLeads: 0, conversions: 0 },
    { date: '2026-03-02', leads: 10, averageScore: 30, bands: { cold: 6, warm: 3, hot: 1 }, activeLeads: 4, conversions: 2 },
    { date: '2026-03-03', leads: 12, averageScore: 35, bands: { cold: 6, warm: 4, hot: 2 }, activeLeads: 5, conversions: 0 },
  ];
  const chart = drawTrend(days);
  const bars = [...chart.querySelectorAll('rect.bar')].map((r) => [r.getAttribute('data-date'), r.getAttribute('class'), r.getAttribute('data-count')]);
  expect(bars).toEqual([
    ['2026-03-02', 'bar cold', '6'], ['2026-03-02', 'bar warm', '3'], ['2026-03-02', 'bar hot', '1'],
    ['2026-03-03', 'bar cold', '6'], ['2026-03-03', 'bar warm', '4'], ['2026-03-03', 'bar hot', '2'],
  ]);
  expect(chart.querySelector('polyline.avg-line')!.getAttribute('points')!.split(' ')).toHaveLength(2);
  expect(chart.querySelectorAll('circle.avg-dot')).toHaveLength(2);
  expect([...chart.querySelectorAll('rect.conv')].map((t) => [t.getAttribute('data-date'), t.getAttribute('data-count')])).toEqual([['2026-03-02', '2']]);
  // A stack's height is its day's leads on the left axis.
  const col = [...chart.querySelectorAll('rect.bar[data-date="2026-03-03"]')].reduce((h, r) => h + Number(r.getAttribute('height')), 0);
  const col2 = [...chart.querySelectorAll('rect.bar[data-date="2026-03-02"]')].reduce((h, r) => h + Number(r.getAttribute('height')), 0);
  expect(col / col2).toBeCloseTo(1.2, 6);
});
