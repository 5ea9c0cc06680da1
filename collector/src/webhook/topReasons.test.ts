import { describe, expect, it } from 'vitest';
import type { Rule } from '../site/siteConfigSchema';
import { ruleLabel, topReasons } from './topReasons';

const rule = (id: string, label?: string) => ({ id, when: { type: 'event', name: id }, points: 10, ...(label === undefined ? {} : { label }) }) as Rule;

describe('topReasons', () => {
  it('keeps the three largest positive contributions, highest first, rounded to one decimal', () => {
    const reasons = topReasons(
      [
        { rule: 'a', points: 12.345, count: 2 },
        { rule: 'careers', points: -30, count: 2 },
        { rule: 'b', points: 40, count: 1 },
        { rule: 'c', points: 0, count: 0 },
        { rule: 'd', points: 5, count: 5 },
        { rule: 'e', points: 12.345, count: 1 },
      ],
      [rule('a'), rule('b'), rule('careers'), rule('d'), rule('e')],
    );
    expect(reasons).toEqual([
      { rule: 'b', label: 'b', points: 40, count: 1 },
      { rule: 'a', label: 'a', points: 12.3, count: 2 },
      { rule: 'e', label: 'e', points: 12.3, count: 1 },
    ]);
  });

  it('labels a reason with the rule’s label when the rule has one, else with its id', () => {
    expect(topReasons([{ rule: 'webinar', points: 40, count: 1 }], [rule('webinar', 'Webinar sign-up')])).toEqual([{ rule: 'webinar', label: 'Webinar sign-up', points: 40, count: 1 }]);
    expect(ruleLabel(rule('x', '  '), 'x')).toBe('x');
    expect(ruleLabel(undefined, 'gone')).toBe('gone');
  });

  it('gives no reasons for a score made of nothing positive', () => {
    expect(topReasons([{ rule: 'careers', points: -15, count: 1 }], [rule('careers')])).toEqual([]);
  });
});
