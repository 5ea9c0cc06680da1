import { expect, it } from 'vitest';
import { drawReliability } from './drawReliability';

const bucket = (from: number, to: number, leads: number, conversions: number, probability: number | null, low: number, high: number) => ({ from, to, leads, conversions, rate: conversions / leads, low, high, probability });

it('places each bucket at its predicted (x) and observed (y) rate, with its interval, on one scale', () => {
  const chart = drawReliability([bucket(0, 19, 1000, 50, 0.05, 0.038, 0.065), bucket(20, 59, 400, 100, 0.25, 0.21, 0.295), bucket(60, 100, 100, 45, 0.45, 0.355, 0.549)]);
  const dots = [...chart.querySelectorAll('circle.bucket')];
  expect(dots.map((d) => [d.getAttribute('data-from'), d.getAttribute('data-probability')])).toEqual([['0', '0.05'], ['20', '0.25'], ['60', '0.45']]);
  // The scale runs to 60 % in steps of 10 %: the diagonal from (0, 0) to (60 %, 60 %), each dot's x its prediction.
  expect([...chart.querySelectorAll('text.axis')].map((t) => t.textContent).filter((_, i) => i % 2 === 0).slice(0, 7)).toEqual(['0 %', '10 %', '20 %', '30 %', '40 %', '50 %', '60 %']);
  const diagonal = chart.querySelector('line.diagonal')!;
  const [x0, y0, x1, y1] = ['x1', 'y1', 'x2', 'y2'].map((a) => Number(diagonal.getAttribute(a)));
  const at = (p: number) => x0! + ((x1! - x0!) * p) / 0.6;
  dots.forEach((d, i) => expect(Number(d.getAttribute('cx'))).toBeCloseTo(at([0.05, 0.25, 0.45][i]!), 6));
  // A dot on the diagonal is a bucket that converted as predicted.
  const on = drawReliability([bucket(0, 100, 100, 30, 0.3, 0.22, 0.39)]);
  const d = on.querySelector('circle.bucket')!;
  const line = on.querySelector('line.diagonal')!;
  const slope = (Number(line.getAttribute('y2')) - Number(line.getAttribute('y1'))) / (Number(line.getAttribute('x2')) - Number(line.getAttribute('x1')));
  expect(Number(d.getAttribute('cy')) - Number(line.getAttribute('y1'))).toBeCloseTo(slope * (Number(d.getAttribute('cx')) - Number(line.getAttribute('x1'))), 6);
  expect(y0).toBeGreaterThan(y1!);
  expect(chart.querySelectorAll('line.interval')).toHaveLength(3);
  expect(dots[1]!.querySelector('title')!.textContent).toBe('scores 20–59: 100 of 400 converted (25.0 %, 95 % 21.0 %–29.5 %); predicted 25.0 %');
});
