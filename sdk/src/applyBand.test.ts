// Personalization in the page: the head snippet's class before first paint, then the band of every reply.
import { readFileSync } from 'node:fs';
import { beforeEach, describe, expect, it } from 'vitest';
import { collector, freshBrowser, HEAD_SNIPPET, loadPage, settle } from '../test/harness';
import { applyBand } from './applyBand';
import type { Score } from './types';

const classes = () => document.documentElement.className.trim().split(/\s+/).filter(Boolean).sort();

beforeEach(() => freshBrowser());

describe('the head snippet', () => {
  it('is at most 400 bytes, script and style together', () => {
    const html = readFileSync('demo-site/index.html', 'utf8');
    const snippet = /<script>window\.lp=[\s\S]*?<\/style>/.exec(html)![0];
    expect(new TextEncoder().encode(snippet).length).toBeLessThanOrEqual(400);
  });

  it('is the README’s, byte for byte, on every demo page', () => {
    const readme = readFileSync('README.md', 'utf8');
    const snippet = /```html\n(<script>window\.lp=[\s\S]*?<\/style>)\n```/.exec(readme)![1]!;
    const pages = ['index', 'product', 'pricing', 'careers', 'resources', 'contact', '404', 'blog/closing-the-books-faster'];
    for (const page of pages) expect(readFileSync(`demo-site/${page}.html`, 'utf8'), page).toContain(snippet);
  });

  it('marks a first-time visitor cold, and a cached band as it was', () => {
    new Function(HEAD_SNIPPET)();
    expect(classes()).toEqual(['lp-cold']);
    for (const band of ['warm', 'hot']) {
      document.documentElement.className = '';
      localStorage.setItem('lp_band', band);
      new Function(HEAD_SNIPPET)();
      expect(classes()).toEqual([`lp-${band}`]);
    }
  });

  it('marks cold when the cache holds something else', () => {
    localStorage.setItem('lp_band', 'hot lp-x');
    new Function(HEAD_SNIPPET)();
    expect(classes()).toEqual(['lp-cold']);
  });
});

describe('applyBand', () => {
  it('leaves exactly one band class and the page’s own classes', () => {
    document.documentElement.className = 'js lp-cold';
    applyBand('hot');
    expect(classes()).toEqual(['js', 'lp-hot']);
    applyBand('warm');
    expect(classes()).toEqual(['js', 'lp-warm']);
  });
});

describe('a reply that moves the band', () => {
  it('changes the class on <html> at once and caches the band for the next page', async () => {
    loadPage('/');
    await settle();
    expect(classes()).toEqual(['lp-cold']);
    collector.score = () => ({ score: 85, band: 'hot' });
    const lp = loadPage('/');
    lp.track('webinar_signup');
    await settle();
    expect(classes()).toEqual(['lp-hot']);
    expect(localStorage.getItem('lp_band')).toBe('hot');
    loadPage('/pricing');
    // Before the SDK has sent anything: the snippet already applied the cached band.
    expect(classes()).toEqual(['lp-hot']);
  });
});

describe("lp('score', cb)", () => {
  it('calls back at once from the cache, then with every fresh score', async () => {
    localStorage.setItem('lp_score', '42');
    localStorage.setItem('lp_band', 'warm');
    collector.score = () => ({ score: 85, band: 'hot' });
    const lp = loadPage('/');
    const seen: Score[] = [];
    lp.score((s) => seen.push(s));
    expect(seen).toEqual([{ score: 42, band: 'warm' }]);
    await settle();
    expect(seen).toEqual([{ score: 42, band: 'warm' }, { score: 85, band: 'hot' }]);
  });

  it('gives a visitor with no score 0 and cold', () => {
    const lp = loadPage('/');
    const seen: Score[] = [];
    lp.score((s) => seen.push(s));
    expect(seen).toEqual([{ score: 0, band: 'cold' }]);
  });

  it('keeps calling the other listeners when one throws', async () => {
    const lp = loadPage('/');
    const seen: number[] = [];
    lp.score(() => {
      throw new Error('a listener’s bug');
    });
    lp.score((s) => seen.push(s.score));
    await settle();
    expect(seen).toEqual([0, 2]);
  });
});
