// Delivery: batches, the outbox in localStorage, the beacon at hide and its resend with the next page.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { click, collector, expectExactlyOnce, fakeBeacon, fakeFetch, freshBrowser, html, loadPage, sentEvents, setHidden, settle } from '../test/harness';
import type { LpEvent } from './types';

const outbox = (): LpEvent[] => JSON.parse(localStorage.getItem('lp_out') ?? '[]');

beforeEach(() => freshBrowser());

describe('the beacon at hide', () => {
  it('goes with sendBeacon as a text/plain JSON string, carrying what the outbox holds', async () => {
    collector.mode = 'offline';
    loadPage('/pricing');
    await settle(3000);
    setHidden(true);
    expect(fakeBeacon).toHaveBeenCalledTimes(1);
    const beacon = collector.requests.find((r) => r.via == 'beacon')!;
    expect(typeof fakeBeacon.mock.calls[0]![1]).toBe('string');
    expect(beacon.url).toBe('https://collector.test/v1/collect');
    expect(beacon.contentType).toMatch(/^text\/plain/);
    expect(beacon.body.events.map((e) => e.type)).toEqual(['visit', 'pageview', 'engaged']);
  });

  it('stays in the outbox and goes again with the next page’s first batch; the collector counts it once', async () => {
    loadPage('/pricing');
    await settle();
    html('<a href="/files/guide.pdf">Guide</a>');
    click(document.querySelector('a')!);
    // The link navigates at once: the page is hidden before the 50 ms batch would have gone.
    setHidden(true);
    const beaconed = collector.requests.at(-1)!;
    expect(beaconed.via).toBe('beacon');
    expect(beaconed.body.events.map((e) => e.type)).toEqual(['download', 'engaged']);
    expect(outbox().map((e) => e.id)).toEqual(beaconed.body.events.map((e) => e.id));

    setHidden(false);
    loadPage('/files/guide.pdf');
    await settle();
    const next = collector.requests.at(-1)!;
    expect(next.via).toBe('fetch');
    expect(next.body.events.map((e) => e.type)).toEqual(['download', 'engaged', 'pageview']);
    expect(next.body.events.slice(0, 2).map((e) => e.id)).toEqual(beaconed.body.events.map((e) => e.id));
    // Confirmed by the reply: out of the outbox, and each event stored once.
    expect(outbox()).toEqual([]);
    expectExactlyOnce(5);
    expect(collector.of('download')).toHaveLength(1);
  });

  it('falls back to fetch with keepalive when sendBeacon refuses the data', async () => {
    loadPage('/');
    await settle();
    fakeBeacon.mockReturnValueOnce(false);
    click(document.body, { type: 'pointerdown' });
    setHidden(true);
    await settle();
    expect(collector.requests.at(-1)).toMatchObject({ via: 'fetch', keepalive: true });
    expect(collector.of('engaged')).toHaveLength(1);
  });

  it('sends nothing when the outbox is empty', async () => {
    loadPage('/');
    await settle();
    setHidden(true);
    expect(fakeBeacon).toHaveBeenCalledTimes(1);
    // Shown again: the beaconed engaged time is confirmed by fetch; hidden again at once: nothing new.
    setHidden(false);
    await vi.advanceTimersByTimeAsync(0);
    expect(outbox()).toEqual([]);
    setHidden(true);
    expect(fakeBeacon).toHaveBeenCalledTimes(1);
  });
});

describe('batches', () => {
  it('take at most 20 events, newest first, and the rest follow at once', async () => {
    collector.mode = 'offline';
    const lp = loadPage('/');
    for (let i = 0; i < 45; i++) lp.track(`e${i}`);
    await settle();
    collector.mode = 'up';
    fakeFetch.mockClear();
    window.dispatchEvent(new Event('online'));
    await settle();
    const sizes = collector.requests.slice(-3).map((r) => r.body.events.length);
    expect(sizes).toEqual([20, 20, 7]);
    expect(collector.requests.at(-3)!.body.events.at(-1)).toMatchObject({ name: 'e44' });
    expectExactlyOnce(47);
    expect(outbox()).toEqual([]);
  });

  it('keep the outbox bounded: the newest 200 events', async () => {
    collector.mode = 'offline';
    const lp = loadPage('/');
    for (let i = 0; i < 250; i++) lp.track(`e${i}`);
    await settle();
    expect(outbox()).toHaveLength(200);
    expect(outbox()[0]).toMatchObject({ name: 'e50' });
    expect(outbox().at(-1)).toMatchObject({ name: 'e249' });
  });

  it('resend the events of a refused batch one per request, so only the bad event is lost', async () => {
    collector.mode = 'offline';
    const lp = loadPage('/');
    lp.track('x'.repeat(65));
    lp.track('demo_requested');
    await settle();
    collector.mode = 'up';
    window.dispatchEvent(new Event('online'));
    await settle();
    expect(collector.requests.slice(-5).map((r) => [r.body.events.length, r.via])).toEqual([
      [4, 'fetch'],
      [1, 'fetch'],
      [1, 'fetch'],
      [1, 'fetch'],
      [1, 'fetch'],
    ]);
    expect([...collector.stored.values()].map((e) => e.type).sort()).toEqual(['event', 'pageview', 'visit']);
    expect(collector.of('event')).toEqual([expect.objectContaining({ name: 'demo_requested' })]);
    expect(outbox()).toEqual([]);
  });

  it('share one outbox between tabs: each confirms what it sent, nothing is lost', async () => {
    collector.mode = 'offline';
    const tabA = loadPage('/');
    tabA.track('from_a');
    await settle();
    // A second tab of the same site (same storage) while the first is still open and offline.
    const tabB = loadPage('/pricing');
    tabB.track('from_b');
    await settle();
    collector.mode = 'up';
    window.dispatchEvent(new Event('online'));
    await settle();
    expect(collector.of('event').map((e) => e.name).sort()).toEqual(['from_a', 'from_b']);
    expect(outbox()).toEqual([]);
  });

  it('are confirmed when the page is shown again, so beaconed events leave the outbox', async () => {
    loadPage('/');
    await settle();
    click(document.body, { type: 'pointerdown' });
    setHidden(true);
    expect(outbox()).toHaveLength(1);
    setHidden(false);
    await settle();
    expect(outbox()).toEqual([]);
    expect(sentEvents().filter((e) => e.type == 'engaged')).toHaveLength(2);
    expect(collector.of('engaged')).toHaveLength(1);
  });
});
