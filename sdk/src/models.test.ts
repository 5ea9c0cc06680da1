// The personalization-by-model add-on (lp-models.js): `data-lp-show="billing:hot"` elements follow the bands of
// the site's other models, from each fresh reply and, on the next page, from its cache.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { applyModels } from './applyModels';
import type { Score } from './types';

const shown = () => [...document.querySelectorAll<HTMLElement>('[data-lp-show]')].map((el) => [el.id, el.dataset.lpShow!.endsWith(' - cold warm hot')]);
/** Loads the add-on against a stub `lp` and returns the score listener it registered. */
async function loadAddOn(): Promise<(s: Score) => void> {
  let listener: ((s: Score) => void) | undefined;
  (window as unknown as { lp: unknown }).lp = (cmd: string, cb: (s: Score) => void) => {
    if (cmd === 'score') listener = cb;
  };
  vi.resetModules();
  await import('./models');
  return listener!;
}

beforeEach(() => {
  localStorage.clear();
  document.body.innerHTML = '<a id="billing-demo" data-lp-show="billing:hot"></a><a id="billing-guide" data-lp-show="billing:cold billing:warm"></a><a id="analytics" data-lp-show="analytics:hot"></a><a id="primary" data-lp-show="hot"></a>';
});

describe('lp-models.js', () => {
  it('shows the elements of the bands a fresh reply gives, and leaves the primary band’s alone', async () => {
    const onScore = await loadAddOn();
    // No reply with models yet and nothing cached: every model reads cold, like the primary band before a score.
    onScore({ score: 10, band: 'cold' });
    expect(shown()).toEqual([['billing-demo', false], ['billing-guide', true], ['analytics', false], ['primary', false]]);
    onScore({ score: 10, band: 'cold', models: { billing: { score: 70, band: 'hot' }, analytics: { score: 5, band: 'cold' } } });
    expect(shown()).toEqual([['billing-demo', true], ['billing-guide', false], ['analytics', false], ['primary', false]]);
    onScore({ score: 10, band: 'cold', models: { billing: { score: 30, band: 'warm' }, analytics: { score: 90, band: 'hot' } } });
    expect(shown()).toEqual([['billing-demo', false], ['billing-guide', true], ['analytics', true], ['primary', false]]);
    // The author's list is kept as written.
    expect(document.getElementById('billing-guide')!.dataset.lpShow).toBe('billing:cold billing:warm - cold warm hot');
  });

  it('applies the last bands on the next page from its cache, before any reply', async () => {
    (await loadAddOn())({ score: 0, band: 'cold', models: { billing: { score: 70, band: 'hot' } } });
    document.body.innerHTML = '<a id="billing-demo" data-lp-show="billing:hot"></a>';
    (await loadAddOn())({ score: 0, band: 'cold' });
    expect(shown()).toEqual([['billing-demo', true]]);
  });

  it('reads a model the bands do not name as cold, and only that model', () => {
    document.body.innerHTML = '<a id="guide" data-lp-show="billing:cold"></a><a id="trial" data-lp-show="billing:hot"></a><a id="other" data-lp-show="analytics:cold"></a>';
    applyModels(' analytics:warm');
    expect(shown()).toEqual([['guide', true], ['trial', false], ['other', false]]);
    applyModels(' billing:warm analytics:cold');
    expect(shown()).toEqual([['guide', false], ['trial', false], ['other', true]]);
  });

  it('matches whole model ids', () => {
    document.body.innerHTML = '<a id="x" data-lp-show="bill:hot"></a>';
    applyModels(' billing:hot');
    expect(shown()).toEqual([['x', false]]);
  });
});
