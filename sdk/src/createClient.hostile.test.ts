// A hostile environment: storage that throws, sendBeacon or fetch missing, a collector answering 500 or 429,
// timing out, or the browser offline and coming back. No error may reach the page, and every event must
// arrive exactly once after recovery (the collector model stores each event id once, as the real one does).
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

type Harness = typeof import('../test/harness');

const pageErrors: unknown[] = [];
const onError = (e: Event) => pageErrors.push((e as ErrorEvent).error ?? e);
const onRejection = (e: unknown) => pageErrors.push(e);
const original = Object.getOwnPropertyDescriptor(globalThis, 'localStorage')!;

beforeEach(() => {
  pageErrors.length = 0;
  window.addEventListener('error', onError);
  window.addEventListener('unhandledrejection', onRejection);
  process.on('unhandledRejection', onRejection);
});
afterEach(() => {
  window.removeEventListener('error', onError);
  window.removeEventListener('unhandledrejection', onRejection);
  process.off('unhandledRejection', onRejection);
  Object.defineProperty(globalThis, 'localStorage', original);
  vi.unstubAllGlobals();
  // No error reached the page in any of these tests.
  expect(pageErrors).toEqual([]);
});

/** A fresh copy of the SDK and harness, loaded after `hostile` changed the environment. */
async function harnessWith(hostile: () => void): Promise<Harness> {
  vi.resetModules();
  hostile();
  const h = await import('../test/harness');
  h.freshBrowser();
  return h;
}

/** A journey every test runs: two pages, a download, a webinar sign-up, time on the page, hides. */
async function journey(h: Harness): Promise<number> {
  const lp = h.loadPage('/pricing');
  await h.settle(2000);
  h.click(document.body, { type: 'pointerdown' });
  h.html('<a href="/files/guide.pdf">Guide</a><button data-lp-event="webinar_signup">Join</button>');
  h.click(document.querySelector('a')!);
  h.click(document.querySelector('button')!);
  lp.track('quote_requested', { plan: 'growth' });
  await h.settle();
  h.setHidden(true);
  await h.settle();
  h.setHidden(false);
  h.loadPage('/resources');
  await h.settle(1000);
  h.setHidden(true);
  await h.settle();
  h.setHidden(false);
  // visit, pageview, download, event ×2, engaged, pageview, engaged
  return 8;
}

const throwingStorage = (on: 'access' | 'everything' | 'writes') => () => {
  const real = original.get ? original.get.call(globalThis) : original.value;
  if (on == 'access') {
    Object.defineProperty(globalThis, 'localStorage', {
      configurable: true,
      get() {
        throw new DOMException('The operation is insecure.', 'SecurityError');
      },
    });
    return;
  }
  const fail = () => {
    throw new DOMException(on == 'writes' ? 'The quota has been exceeded.' : 'NS_ERROR_FILE_CORRUPTED', 'QuotaExceededError');
  };
  const broken = new Proxy(real, {
    get: (t, k) => (on == 'everything' ? fail() : typeof t[k] == 'function' ? t[k].bind(t) : t[k]),
    set: fail,
    ownKeys: (t) => (on == 'everything' ? fail() : Reflect.ownKeys(t)),
  });
  Object.defineProperty(globalThis, 'localStorage', { configurable: true, value: broken });
};

describe('localStorage', () => {
  for (const [what, on] of [
    ['that throws on access (storage blocked)', 'access'],
    ['that throws on every read and write (corrupted)', 'everything'],
    ['that throws on writes (quota exceeded)', 'writes'],
  ] as const) {
    it(`delivers every event exactly once with localStorage ${what}`, async () => {
      const h = await harnessWith(throwingStorage(on));
      const expected = await journey(h);
      // Without storage, each page has a visitor of its own; events still arrive, once each.
      h.expectExactlyOnce(expected + 1);
      expect(h.collector.of('event').map((e) => e.name).sort()).toEqual(['quote_requested', 'webinar_signup']);
    });
  }

  it('still answers lp("score") and consent with storage blocked', async () => {
    const h = await harnessWith(throwingStorage('access'));
    const lp = h.loadPage('/');
    const scores: unknown[] = [];
    lp.score((s) => scores.push(s));
    await h.settle();
    lp.consent(false);
    lp.consent(true);
    expect(scores).toEqual([{ score: 0, band: 'cold' }, { score: 2, band: 'cold' }]);
  });
});

describe('the browser', () => {
  it('without sendBeacon: the batch at hide goes with fetch keepalive, exactly once', async () => {
    const h = await harnessWith(() => {});
    Object.defineProperty(navigator, 'sendBeacon', { value: undefined, configurable: true });
    const expected = await journey(h);
    expect(h.fakeBeacon).not.toHaveBeenCalled();
    expect(h.collector.requests.every((r) => r.via == 'fetch' && r.keepalive)).toBe(true);
    h.expectExactlyOnce(expected);
  });

  it('without fetch: the beacons carry everything, and resends count once', async () => {
    const h = await harnessWith(() => {});
    vi.stubGlobal('fetch', undefined);
    const expected = await journey(h);
    expect(h.collector.requests.every((r) => r.via == 'beacon')).toBe(true);
    // Never confirmed, so resent with every beacon; the collector keeps each id once.
    expect(h.collector.sentIds().length).toBeGreaterThan(expected);
    h.expectExactlyOnce(expected);
  });

  it('offline, then back online: everything waiting goes at once, exactly once', async () => {
    const h = await harnessWith(() => {});
    h.collector.mode = 'offline';
    h.loadPage('/pricing');
    await h.settle();
    h.html('<button data-lp-event="webinar_signup">Join</button>');
    h.click(document.querySelector('button')!);
    await h.settle(60e3);
    expect(h.collector.stored.size).toBe(0);
    const attempts = h.fakeFetch.mock.calls.length;
    h.collector.mode = 'up';
    window.dispatchEvent(new Event('online'));
    await h.settle();
    expect(h.fakeFetch.mock.calls.length).toBe(attempts + 1);
    h.expectExactlyOnce(3);
    expect(JSON.parse(localStorage.getItem('lp_out')!)).toEqual([]);
  });
});

describe('the collector', () => {
  for (const mode of ['error500', 'busy429', 'offline'] as const) {
    it(`answering ${mode}: events wait in the outbox, then arrive exactly once after recovery`, async () => {
      const h = await harnessWith(() => {});
      h.collector.mode = mode;
      const expected = await journey(h);
      expect(h.collector.stored.size).toBe(0);
      expect(JSON.parse(localStorage.getItem('lp_out')!)).toHaveLength(expected);
      h.collector.mode = 'up';
      // Recovery: the next page.
      h.loadPage('/');
      await h.settle();
      h.expectExactlyOnce(expected + 1);
      expect(JSON.parse(localStorage.getItem('lp_out')!)).toEqual([]);
    });
  }

  it('does not hammer a collector that is down: one attempt per signal, no retry loop', async () => {
    const h = await harnessWith(() => {});
    h.collector.mode = 'error500';
    h.loadPage('/');
    await h.settle(10 * 60e3);
    expect(h.fakeFetch).toHaveBeenCalledTimes(1);
  });

  it('timing out: later batches carry the events again; when the first reply comes, nothing counts twice', async () => {
    const h = await harnessWith(() => {});
    h.collector.mode = 'hang';
    const lp = h.loadPage('/pricing');
    await h.settle();
    lp.track('demo_requested');
    await h.settle();
    expect(h.collector.hung).toHaveLength(2);
    h.collector.mode = 'up';
    lp.track('pricing_calculator');
    await h.settle();
    h.expectExactlyOnce(4);
    // The requests that hung now reach the collector too.
    h.collector.release();
    await h.settle();
    h.expectExactlyOnce(4);
    expect(JSON.parse(localStorage.getItem('lp_out')!)).toEqual([]);
  });
});
