import { describe, expect, it } from 'vitest';
import { applySuggestions, describePicks } from './applySuggestions';
import type { SiteConfig } from './types';

const config: SiteConfig = {
  origins: ['https://www.example.com'],
  rules: [
    { id: 'pricing', when: { type: 'pageview', path: '/pricing*' }, points: 10, max: 30 },
    { id: 'careers', when: { type: 'pageview', path: '/careers*' }, points: -15 },
    { id: 'webinar', when: { type: 'event', name: 'webinar_signup' }, points: 40 },
  ],
  bands: { warm: 40, hot: 80 },
  webhook: { url: 'https://www.example.com/hook', secret: '****************' },
};

describe('applySuggestions', () => {
  it('sets the picked points, scales max so the same repeats count, and leaves the rest as it was', () => {
    const next = applySuggestions(config, { points: new Map([['pricing', 23], ['careers', -40]]), rules: [] });
    expect(next.rules).toEqual([
      { id: 'pricing', when: { type: 'pageview', path: '/pricing*' }, points: 23, max: 69 },
      { id: 'careers', when: { type: 'pageview', path: '/careers*' }, points: -40 },
      config.rules[2],
    ]);
    expect(next.webhook).toEqual(config.webhook);
    expect(config.rules[0]!.points).toBe(10);
    expect(applySuggestions(config, { points: new Map([['pricing', 0]]), rules: [] }).rules[0]).toEqual({ id: 'pricing', when: { type: 'pageview', path: '/pricing*' }, points: 0 });
  });

  it('adds picked signals as rules under ids of their own', () => {
    const next = applySuggestions(config, { points: new Map(), rules: [{ id: 'pricing', when: { type: 'pageview', path: '/pricing/team' }, points: 12 }, { id: 'pageview-jobs', when: { type: 'pageview', path: '/jobs' }, points: -30 }] });
    expect(next.rules.slice(3).map((r) => [r.id, r.points])).toEqual([['pricing-2', 12], ['pageview-jobs', -30]]);
  });

  it('says what will change', () => {
    expect(describePicks(config, { points: new Map([['pricing', 23], ['webinar', 40]]), rules: [{ id: 'pageview-jobs', when: { type: 'pageview', path: '/jobs' }, points: -30 }] })).toEqual(['pricing: 10 → 23 points', 'new rule pageview-jobs: -30 points']);
  });
});
