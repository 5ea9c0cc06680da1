// The script-tag build: data attributes, the queue stub replayed in order, the live `lp` function.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { API, collector, freshBrowser, HEAD_SNIPPET, settle } from '../test/harness';
import type { Score } from './types';

type Lp = ((...args: unknown[]) => void) & { q?: unknown[] };
const win = window as unknown as { lp?: Lp };

/** Runs lp.ts as the browser runs `<script defer src=… data-…>` after the head snippet. */
async function runScriptTag(attrs: Record<string, string>, src = `${API}/lp.js`) {
  const script = document.createElement('script');
  for (const [k, v] of Object.entries(attrs)) script.setAttribute(k, v);
  Object.defineProperty(script, 'src', { value: src, configurable: true });
  Object.defineProperty(document, 'currentScript', { value: script, configurable: true });
  vi.resetModules();
  await import('./lp');
  Object.defineProperty(document, 'currentScript', { value: null, configurable: true });
}

beforeEach(() => {
  freshBrowser();
  delete win.lp;
  for (const s of document.head.querySelectorAll('script')) s.remove();
  history.replaceState(null, '', '/pricing');
  new Function(HEAD_SNIPPET)();
});

describe('lp.js', () => {
  it('replays the calls queued before it loaded, in order, then takes new calls directly', async () => {
    const scores: Score[] = [];
    win.lp!('identify', 'ana@example.com', { company: 'Cobalt' }, { signature: 'f'.repeat(64) });
    win.lp!('track', 'first');
    win.lp!('no_such_command', 1);
    win.lp!('track', 'second', { n: 2 });
    win.lp!('score', (s: Score) => scores.push(s));
    expect(win.lp!.q).toHaveLength(5);
    await runScriptTag({ 'data-site': 'demo' });
    expect(win.lp!.q).toBeUndefined();
    win.lp!('track', 'third');
    await settle();
    expect(collector.requests[0]!.body.events.map((e) => [e.type, e.name ?? e.lead ?? e.path])).toEqual([
      ['visit', undefined],
      ['pageview', '/pricing'],
      ['identify', 'ana@example.com'],
      ['event', 'first'],
      ['event', 'second'],
      ['event', 'third'],
    ]);
    expect(collector.requests[0]!.body.events.find((e) => e.type == 'identify')).toMatchObject({ traits: { company: 'Cobalt' }, sig: 'f'.repeat(64) });
    expect(scores).toEqual([{ score: 0, band: 'cold' }, { score: 6, band: 'cold' }]);
  });

  it('sends to its own origin by default, and to data-api when given', async () => {
    await runScriptTag({ 'data-site': 'demo' }, 'https://cdn.collector.test/lp.js?v=2');
    await settle();
    expect(collector.requests[0]!.url).toBe('https://cdn.collector.test/v1/collect');
    freshBrowser();
    await runScriptTag({ 'data-site': 'shop', 'data-api': 'https://api.example.com' });
    await settle();
    expect(collector.requests[0]!.url).toBe('https://api.example.com/v1/collect');
    expect(collector.requests[0]!.body.site).toBe('shop');
  });

  it('waits for consent with data-consent="required"', async () => {
    await runScriptTag({ 'data-site': 'demo', 'data-consent': 'required' });
    await settle();
    expect(collector.requests).toEqual([]);
    win.lp!('consent', true);
    await settle();
    expect(collector.of('pageview')).toHaveLength(1);
  });

  it('loads the vitals add-on only with data-vitals', async () => {
    // happy-dom does not run script files; it should not report that as an error either.
    (window as unknown as { happyDOM: { settings: { handleDisabledFileLoadingAsSuccess: boolean } } }).happyDOM.settings.handleDisabledFileLoadingAsSuccess = true;
    await runScriptTag({ 'data-site': 'demo' });
    expect(document.head.querySelector('script[src$="lp-vitals.js"]')).toBeNull();
    await runScriptTag({ 'data-site': 'demo', 'data-vitals': '' });
    expect(document.head.querySelector('script[src$="lp-vitals.js"]')!.getAttribute('src')).toBe(`${API}/lp-vitals.js`);
  });

  it('never throws into the page, whatever it is called with', async () => {
    await runScriptTag({ 'data-site': 'demo' });
    expect(() => {
      win.lp!();
      win.lp!('track');
      win.lp!('score', 'not a function');
      win.lp!('__proto__');
      win.lp!('constructor');
    }).not.toThrow();
  });

  it('stays silent without a script element to read (loaded as a module or injected oddly)', async () => {
    vi.resetModules();
    Object.defineProperty(document, 'currentScript', { value: null, configurable: true });
    await expect(import('./lp')).resolves.toBeDefined();
    await settle();
    expect(collector.requests).toEqual([]);
  });
});
