import { describe, expect, it } from 'vitest';
import { drawHistogram } from './drawHistogram';

const bands = { warm: 40, hot: 80 };
const axis = (chart: SVGSVGElement) => [...chart.querySelectorAll('text.axis')].map((t) => t.textContent);

describe('drawHistogram', () => {
  it('draws one bar per decile with its count, in its band under the site’s thresholds', () => {
    const histogram = [3, 0, 5, 8, 3, 3, 0, 0, 1, 2];
    const chart = drawHistogram(histogram, bands);
    const bars = [...chart.querySelectorAll('rect.bar')];
    expect(bars.map((b) => Number(b.getAttribute('data-count')))).toEqual(histogram);
    expect(bars.map((b) => b.getAttribute('class'))).toEqual([...Array(4).fill('bar cold'), ...Array(4).fill('bar warm'), 'bar hot', 'bar hot']);
    expect(bars[9]!.querySelector('title')!.textContent).toBe('2 leads scoring 90–100');
    expect(bars[1]!.getAttribute('height')).toBe('0');
    expect([...chart.querySelectorAll('text.value')].map((t) => t.textContent)).toEqual(['3', '5', '8', '3', '3', '1', '2']);
  });

  it('labels the count axis with whole numbers, however few the leads', () => {
    const chart = drawHistogram([1, 0, 0, 0, 0, 0, 0, 0, 0, 0], bands);
    expect(axis(chart).slice(0, 2)).toEqual(['0', '1']);
    expect(axis(drawHistogram([0, 3, 0, 0, 0, 0, 0, 0, 0, 0], bands)).slice(0, 4)).toEqual(['0', '1', '2', '3']);
  });

  it('puts the tallest bar at the top of the axis when the top is the count', () => {
    const chart = drawHistogram([8, 0, 0, 0, 0, 0, 0, 0, 0, 0], bands);
    const bar = chart.querySelector('rect.bar')!;
    const topLine = chart.querySelectorAll('line.grid-line')[4]!;
    expect(axis(chart).slice(0, 5)).toEqual(['0', '2', '4', '6', '8']);
    expect(Number(bar.getAttribute('y'))).toBeCloseTo(Number(topLine.getAttribute('y1')), 6);
  });
});
