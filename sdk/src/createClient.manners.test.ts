// Manners: bots, Global Privacy Control, Do Not Track and consent. Nothing sent, nothing stored.
import { beforeEach, describe, expect, it } from 'vitest';
import { click, collector, fakeBeacon, fakeFetch, freshBrowser, html, loadPage, setHidden, settle, type Browser } from '../test/harness';

/** Everything a page can make the SDK do. */
async function everything(consentRequired?: boolean) {
  const lp = loadPage('/pricing', { consentRequired });
  html('<a href="/files/guide.pdf">Guide</a><button data-lp-event="webinar_signup">Join</button>');
  click(document.querySelector('a')!);
  click(document.querySelector('button')!);
  lp.track('quote_requested');
  lp.identify('ana@example.com');
  history.pushState(null, '', '/product');
  await settle(5000);
  click(document.body, { type: 'pointerdown' });
  setHidden(true);
  await settle();
  setHidden(false);
  await settle();
  return lp;
}

const storedKeys = () => Object.keys(localStorage);

beforeEach(() => freshBrowser());

describe('opt-outs: the SDK sends nothing and stores nothing', () => {
  const cases: [string, Browser][] = [
    ['navigator.webdriver (a bot)', { webdriver: true }],
    ['Global Privacy Control', { globalPrivacyControl: true }],
    ['Do Not Track', { doNotTrack: '1' }],
  ];
  for (const [what, browser] of cases) {
    it(`with ${what}`, async () => {
      freshBrowser(browser);
      const lp = await everything();
      lp.consent(true);
      await settle();
      expect(fakeFetch).not.toHaveBeenCalled();
      expect(fakeBeacon).not.toHaveBeenCalled();
      expect(storedKeys()).toEqual([]);
    });
  }

  it('tracks when Do Not Track is explicitly off', async () => {
    freshBrowser({ doNotTrack: '0', globalPrivacyControl: false });
    await everything();
    expect(collector.of('pageview')).toHaveLength(2);
  });
});

describe('data-consent="required"', () => {
  it('sends and stores nothing before consent', async () => {
    await everything(true);
    expect(fakeFetch).not.toHaveBeenCalled();
    expect(fakeBeacon).not.toHaveBeenCalled();
    expect(storedKeys()).toEqual([]);
  });

  it('starts with consent: the current page is counted, and consent is remembered on the next page', async () => {
    const lp = loadPage('/pricing', { consentRequired: true });
    await settle();
    lp.consent(true);
    await settle();
    expect(collector.of('pageview').map((e) => e.path)).toEqual(['/pricing']);
    expect(localStorage.getItem('lp_consent')).toBe('1');
    loadPage('/product', { consentRequired: true });
    await settle();
    expect(collector.of('pageview').map((e) => e.path)).toEqual(['/pricing', '/product']);
  });
});

describe("lp('consent', false)", () => {
  it('forgets the visitor: every lp_* key goes, nothing more is sent, the page is cold again', async () => {
    collector.score = () => ({ score: 85, band: 'hot' });
    localStorage.setItem('site_own', 'kept');
    const lp = loadPage('/pricing');
    await settle();
    expect(document.documentElement.className).toBe('lp-hot');
    expect(storedKeys().filter((k) => k.startsWith('lp_')).sort()).toEqual(['lp_band', 'lp_last', 'lp_out', 'lp_score', 'lp_vid']);
    const requests = collector.requests.length;
    lp.consent(false);
    expect(storedKeys()).toEqual(['site_own']);
    expect(document.documentElement.className).toBe('lp-cold');
    lp.track('after_withdrawal');
    history.pushState(null, '', '/product');
    setHidden(true);
    await settle();
    expect(collector.requests.length).toBe(requests);
    expect(storedKeys()).toEqual(['site_own']);
  });

  it('then consent(true) starts over with a new visitor id', async () => {
    const lp = loadPage('/');
    await settle();
    const first = collector.requests[0]!.body.visitor;
    lp.consent(false);
    lp.consent(true);
    await settle();
    const second = collector.requests.at(-1)!.body.visitor;
    expect(second).not.toBe(first);
    expect(collector.requests.at(-1)!.body.events.map((e) => e.type)).toEqual(['visit', 'pageview']);
  });
});
