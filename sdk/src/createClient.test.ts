import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { createClient } from './createClient';

beforeEach(() => {
  localStorage.clear();
  // happy-dom reports navigator.webdriver === true, which makes the SDK (rightly) stay silent.
  Object.defineProperty(navigator, 'webdriver', { value: false, configurable: true });
  history.replaceState(null, '', '/pricing');
});
afterEach(() => vi.unstubAllGlobals());

it('sends a visit and a pageview as text/plain JSON and applies the band of the reply', async () => {
  const fetch = vi.fn(async () => new Response(JSON.stringify({ score: 85, band: 'hot' })));
  vi.stubGlobal('fetch', fetch);
  createClient({ site: 'demo', api: 'https://collector.test' });
  await vi.waitFor(() => expect(fetch).toHaveBeenCalledTimes(1));
  const [url, init] = fetch.mock.calls[0] as unknown as [string, RequestInit];
  expect(url).toBe('https://collector.test/v1/collect');
  expect(init.keepalive).toBe(true);
  expect((init.headers as Record<string, string>)['Content-Type']).toBe('text/plain');
  const body = JSON.parse(init.body as string);
  expect(body).toMatchObject({ site: 'demo', visitor: expect.stringMatching(/^[A-Za-z0-9_-]{22}$/) });
  expect(body.events.map((e: { type: string }) => e.type)).toEqual(['visit', 'pageview']);
  expect(body.events[1]).toMatchObject({ path: '/pricing', id: expect.stringMatching(/^[A-Za-z0-9_-]{22}$/) });
  await vi.waitFor(() => expect(document.documentElement.classList.contains('lp-hot')).toBe(true));
  expect(localStorage.getItem('lp_band')).toBe('hot');
});
