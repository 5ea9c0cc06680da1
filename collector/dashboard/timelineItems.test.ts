import { expect, it } from 'vitest';
import { timelineItems } from './timelineItems';

it('lists each event with its type, how long ago and what happened, folded ones with their count', () => {
  const now = Date.parse('2026-03-10T12:00:00Z');
  const items = timelineItems(
    [
      { type: 'identify', at: '2026-03-10T11:00:00Z', lead: '<b>ana</b>@example.com' },
      { type: 'pageview', at: '2026-03-08T12:00:00Z', path: '/pricing', count: 3 },
    ],
    now,
  );
  expect(items.map((li) => [li.className, li.querySelector('time')!.textContent, li.querySelector('.what')!.textContent])).toEqual([
    ['ev identify', '1 h ago', 'Identified as <b>ana</b>@example.com'],
    ['ev pageview', '2 d ago', 'Viewed /pricing ×3'],
  ]);
  // Text from visitors stays text.
  expect(items[0]!.querySelector('b')).toBeNull();
  expect(items[0]!.querySelector('time')!.getAttribute('datetime')).toBe('2026-03-10T11:00:00Z');
});
