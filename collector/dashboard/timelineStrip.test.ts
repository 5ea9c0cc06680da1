import { expect, it } from 'vitest';
import { timelineStrip } from './timelineStrip';

it('places one dot per event between the first and the last, each classed by its type', () => {
  const strip = timelineStrip([
    { type: 'identify', at: '2026-03-10T12:00:00Z', lead: 'ana@example.com' },
    { type: 'pageview', at: '2026-03-10T06:00:00Z', path: '/' },
    { type: 'visit', at: '2026-03-10T00:00:00Z' },
  ])!;
  const dots = [...strip.querySelectorAll('circle')];
  expect(dots.map((c) => [c.getAttribute('class'), Number(c.getAttribute('cx'))])).toEqual([
    ['tick identify', 552],
    ['tick pageview', 280],
    ['tick visit', 8],
  ]);
  expect(dots[0]!.querySelector('title')!.textContent).toBe('Identified as ana@example.com');
});

it('draws nothing without events', () => {
  expect(timelineStrip([])).toBeNull();
});
