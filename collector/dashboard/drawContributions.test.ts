import { describe, expect, it } from 'vitest';
import { drawContributions } from './drawContributions';

const bars = (chart: SVGSVGElement) => [...chart.querySelectorAll('rect')].map((r) => [r.getAttribute('data-rule'), Number(r.getAttribute('data-points')), r.getAttribute('class')]);

describe('drawContributions', () => {
  it('draws the matched rules, largest first, gains and losses apart, and the sum', () => {
    const chart = drawContributions({
      score: 62,
      raw: 62.25,
      contributions: [
        { rule: 'visits', points: 10, count: 3 },
        { rule: 'careers', points: -15.5, count: 2 },
        { rule: 'webinar', points: 0, count: 0 },
        { rule: 'pricing', points: 67.75, count: 4 },
      ],
    });
    expect(bars(chart)).toEqual([
      ['pricing', 67.75, 'pos'],
      ['careers', -15.5, 'neg'],
      ['visits', 10, 'pos'],
    ]);
    expect([...chart.querySelectorAll('text.value')].map((t) => t.textContent)).toEqual(['+67.8', '−15.5', '+10']);
    expect(chart.querySelector('text.total')!.textContent).toBe('Sum 62.25 → score 62');
    // With a loss, zero sits in the middle: losses extend left of it, gains right.
    const [pricing, careers] = [...chart.querySelectorAll('rect')];
    expect(Number(careers!.getAttribute('x')) + Number(careers!.getAttribute('width'))).toBeCloseTo(Number(pricing!.getAttribute('x')), 6);
  });

  it('says when the sum was clamped, and when no rule matched', () => {
    const over = drawContributions({ score: 100, raw: 104.75, contributions: [{ rule: 'webinar', points: 104.75, count: 1 }] });
    expect(over.querySelector('text.total')!.textContent).toBe('Sum 104.75 → score 100, clamped to 0–100');
    const none = drawContributions({ score: 0, raw: 0, contributions: [{ rule: 'visits', points: 0, count: 0 }] });
    expect(none.querySelectorAll('rect')).toHaveLength(0);
    expect(none.querySelector('text.axis')!.textContent).toBe('No rule matched yet.');
  });
});

describe('drawContributions with labels', () => {
  it('names a rule by the label the marketer gave it, keeping its id on the bar, and by its id without one', () => {
    const chart = drawContributions(
      { contributions: [{ rule: 'webinar', points: 40, count: 1 }, { rule: 'visits', points: 15, count: 3 }], raw: 55, score: 55 },
      new Map([['webinar', 'Webinar sign-up']]),
    );
    expect([...chart.querySelectorAll('text.label')].map((t) => t.textContent)).toEqual(['Webinar sign-up', 'visits']);
    expect([...chart.querySelectorAll('rect')].map((r) => r.getAttribute('data-rule'))).toEqual(['webinar', 'visits']);
    expect(chart.querySelector('rect title')!.textContent).toBe('Webinar sign-up (webinar): 40 points from 1 event');
  });
});
