// The ES module build's API for bundler users: init, track, identify, consent, onScore.
import { beforeEach, expect, it, vi } from 'vitest';
import { API, collector, freshBrowser, settle } from '../test/harness';
import type { Score } from './types';

beforeEach(() => {
  freshBrowser();
  history.replaceState(null, '', '/product');
  vi.resetModules();
});

it('keeps calls made before init and replays them in order; a second init is ignored', async () => {
  const lp = await import('./index');
  const scores: Score[] = [];
  lp.identify('ana@example.com');
  lp.track('before_init', { step: 1 });
  lp.onScore((s) => scores.push(s));
  lp.init({ site: 'demo', api: API });
  lp.init({ site: 'other', api: 'https://elsewhere.test' });
  lp.track('after_init');
  await settle();
  expect(collector.requests).toHaveLength(1);
  expect(collector.requests[0]!.body.site).toBe('demo');
  expect(collector.requests[0]!.body.events.map((e) => e.name ?? e.lead ?? e.type)).toEqual(['visit', 'pageview', 'ana@example.com', 'before_init', 'after_init']);
  expect(scores).toEqual([{ score: 0, band: 'cold' }, { score: 5, band: 'cold' }]);
});

it('sends to the page’s own origin by default, and marks <html> with the cached band at init', async () => {
  localStorage.setItem('lp_band', 'warm');
  document.documentElement.className = '';
  const lp = await import('./index');
  lp.init({ site: 'demo' });
  expect(document.documentElement.className).toBe('lp-warm');
  await settle();
  expect(collector.requests[0]!.url).toBe('/v1/collect');
});

it('withdraws consent through the module too', async () => {
  const lp = await import('./index');
  lp.init({ site: 'demo', api: API, consentRequired: true });
  lp.consent(true);
  await settle();
  expect(localStorage.getItem('lp_vid')).toBeTruthy();
  lp.consent(false);
  expect(Object.keys(localStorage)).toEqual([]);
});
