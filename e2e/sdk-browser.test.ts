// The SDK in a real Chromium against `wrangler dev` (issue 3): SPA navigations, a middle-clicked download,
// the beacon at hide resent with the next page and stored once, the Web Vitals add-on, and silence for bots.
import { chromium, type Page, type Request } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { nextCollect } from './pageProbe';
import { request } from './request';
import { step } from './step';
import { useBrowser } from './useBrowser';
import { useWorker } from './useWorker';
import { PLAYWRIGHT_MS } from './waits';

const server = useWorker();
// A fresh browser per test: each starts as a first-time visitor.
const browser = useBrowser({ each: true });
const url = server.url;

/** Observes (does not replace) sendBeacon: what it was given survives navigations in sessionStorage. */
const observeBeacons = (page: Page) =>
  page.addInitScript(() => {
    const send = navigator.sendBeacon.bind(navigator);
    navigator.sendBeacon = (u, data) => {
      sessionStorage.setItem('beacons', JSON.stringify([...JSON.parse(sessionStorage.getItem('beacons') || '[]'), data]));
      return send(u, data);
    };
  });
/** The bodies sendBeacon was given in this tab. */
const beaconsOf = (page: Page): Promise<{ events: Ev[] }[]> => page.evaluate(() => JSON.parse(sessionStorage.getItem('beacons') || '[]').map((b: string) => JSON.parse(b)));
type Ev = { id: string; type: string; path?: string; name?: string; url?: string; ms?: number; lcp?: number; inp?: number; cls?: number };
const eventsOf = (r: Request): Ev[] => r.postDataJSON().events;
const visitorOf = (page: Page) => page.evaluate(() => localStorage.getItem('lp_vid')!);

/** The lead as the collector stores it (marketer API): its events, each stored once by id. */
async function storedLead(visitor: string): Promise<{ events: Ev[]; eventCount: number; score: number }> {
  const res = await request(url(`/v1/leads/${visitor}?site=demo`), { headers: { Authorization: 'Bearer e2e-token' } });
  expect(res.status).toBe(200);
  return res.json() as Promise<{ events: Ev[]; eventCount: number; score: number }>;
}

describe('signals in Chromium', () => {
  it('records SPA navigations (pushState, replaceState, back/forward), never the same URL twice in a row', async () => {
    const page = await browser.context.newPage();
    const first = nextCollect(page);
    await page.goto(url('/product'));
    await first;
    await page.evaluate(() => {
      history.pushState({}, '', '/pricing');
      history.pushState({}, '', '/pricing?plan=growth');
      history.replaceState({}, '', '/pricing#faq');
      history.pushState({}, '', '/careers');
    });
    await page.goBack();
    await page.waitForURL(url('/pricing#faq'));
    await page.goForward();
    await page.waitForURL(url('/careers'));
    const visitor = await visitorOf(page);
    await expect.poll(async () => (await storedLead(visitor)).events.filter((e) => e.type == 'pageview').length).toBe(5);
    const pageviews = (await storedLead(visitor)).events.filter((e) => e.type == 'pageview').reverse();
    expect(pageviews.map((e) => e.path)).toEqual(['/product', '/pricing', '/careers', '/pricing', '/careers']);
  });

  it('records a middle-clicked PDF link as a download while the browser opens it', async () => {
    const page = await browser.context.newPage();
    const first = nextCollect(page);
    await page.goto(url('/resources'));
    await first;
    const opened = step('the new tab a middle click opens', browser.context.waitForEvent('page'));
    const download = step('a /v1/collect request with the download', page.waitForRequest((r) => r.url().endsWith('/v1/collect') && eventsOf(r).some((e) => e.type == 'download')));
    await page.click('.cta-slot a[href$=".pdf"]', { button: 'middle' });
    // The browser handled the click itself: a new tab with the file.
    expect((await opened).url()).toBe(url('/files/month-end-close-guide.pdf'));
    expect(eventsOf(await download).find((e) => e.type == 'download')!.url).toBe(url('/files/month-end-close-guide.pdf'));
  });
});

describe('delivery in Chromium', () => {
  it('beacons the batch at hide, resends it with the next page’s first batch, and the collector stores it once', async () => {
    const page = await browser.context.newPage();
    await observeBeacons(page);
    const first = nextCollect(page);
    await page.goto(url('/'));
    await first;
    await page.mouse.move(100, 100);
    await page.mouse.move(200, 150);
    // The page's fetches fail from now on: whatever reaches the collector went by beacon.
    let pricingRefused!: () => void;
    const pricingFetchRefused = new Promise<void>((resolve) => (pricingRefused = resolve));
    await page.route('**/v1/collect', async (route) => {
      await route.abort('connectionrefused');
      if (route.request().postData()?.includes('"/pricing"')) pricingRefused();
    });
    await page.click('nav a[href="/pricing"]');
    await page.waitForURL(url('/pricing'));
    // The pricing page's own first fetch refused as well before the route goes: had it gone out after, the
    // collector would have confirmed the batch and there would be nothing to resend.
    await step("the pricing page's first POST /v1/collect, refused", pricingFetchRefused);
    const beacons = await beaconsOf(page);
    expect(beacons).toHaveLength(1);
    const engaged = beacons[0]!.events.find((e) => e.type == 'engaged')!;
    expect(engaged).toMatchObject({ path: '/', ms: expect.any(Number) });
    const visitor = await visitorOf(page);
    await expect.poll(async () => (await storedLead(visitor)).events.some((e) => e.id == engaged.id)).toBe(true);
    // Never confirmed, so still in the outbox, and sent again once the collector is reachable.
    expect(await page.evaluate(() => JSON.parse(localStorage.getItem('lp_out')!).map((e: Ev) => e.id))).toContain(engaged.id);
    await page.unrouteAll({ behavior: 'wait' });
    const resent = step('the beaconed batch resent to /v1/collect', page.waitForRequest((r) => r.url().endsWith('/v1/collect') && eventsOf(r).some((e) => e.id == engaged.id)));
    await page.goto(url('/product'));
    await resent;
    await step('the outbox (lp_out) emptied once the collector confirmed', page.waitForFunction(() => localStorage.getItem('lp_out') == '[]'));
    const lead = await storedLead(visitor);
    expect(lead.events.filter((e) => e.id == engaged.id)).toHaveLength(1);
    expect(lead.events.map((e) => e.type).sort()).toEqual(['engaged', 'engaged', 'pageview', 'pageview', 'pageview', 'visit']);
  });
});

describe('the Web Vitals add-on', () => {
  it('loads only with data-vitals and sends LCP, INP and CLS once, in the batch sent on hide', async () => {
    const page = await browser.context.newPage();
    await observeBeacons(page);
    // The product page with data-vitals on its script tag (the demo pages do not ask for the add-on).
    await page.route(url('/product'), async (route) => {
      const res = await route.fetch();
      await route.fulfill({ response: res, body: (await res.text()).replace('data-site="demo"', 'data-site="demo" data-vitals') });
    });
    const addOn = step('the page requesting /lp-vitals.js', page.waitForRequest(url('/lp-vitals.js')));
    const first = nextCollect(page);
    await page.goto(url('/product'));
    await addOn;
    await first;
    // An interaction (for INP) after LCP.
    await page.click('h1');
    await page.keyboard.press('End');
    // The browser has timed the interaction (Event Timing entries come after the next paint).
    await step('the browser timing the first input (a first-input entry)', page.waitForFunction(() => performance.getEntriesByType('first-input').length > 0));
    await page.goto(url('/pricing'));
    const [beacon, ...more] = await beaconsOf(page);
    expect(more).toEqual([]);
    const vitals = beacon!.events.filter((e) => e.type == 'vitals');
    expect(vitals).toHaveLength(1);
    expect(vitals[0]).toMatchObject({ path: '/product', lcp: expect.any(Number), inp: expect.any(Number), cls: expect.any(Number) });
    expect(vitals[0]!.lcp).toBeGreaterThan(0);
    // Without data-vitals (this page): no add-on, and no vitals event on hide.
    await page.goto(url('/'));
    expect(await page.evaluate(() => [...document.scripts].some((sc) => sc.src.endsWith('lp-vitals.js')))).toBe(false);
    const beacons = await beaconsOf(page);
    expect(beacons).toHaveLength(2);
    expect(beacons[1]!.events.filter((e) => e.type == 'vitals' && e.path != '/product')).toEqual([]);
    // The sample reaches the report with the visitor's next index write, or within a minute by its
    // object's alarm (vitals cost no call of their own).
    const product = async () => {
      const report = await request(url('/v1/vitals?site=demo'), { headers: { Authorization: 'Bearer e2e-token' } });
      expect(report.status).toBe(200);
      return ((await report.json()) as { paths: { path: string; samples: number }[] }).paths.find((p) => p.path == '/product');
    };
    await expect.poll(product, { timeout: 90_000, interval: 2_000, message: 'the /product sample in GET /v1/vitals (its visitor object hands it over within a minute)' }).toMatchObject({ samples: 1 });
  }, 150_000);
});

describe('manners in Chromium', () => {
  it('sends and stores nothing in a browser driven by automation (navigator.webdriver)', async () => {
    // Playwright's default launch sets navigator.webdriver, as bots and test rigs do.
    const bot = await step('launching a second Chromium, automation flags left on', chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: ['--no-sandbox', '--disable-gpu'] }), 60_000);
    try {
      const page = await bot.newPage();
      page.setDefaultTimeout(PLAYWRIGHT_MS);
      const requests: string[] = [];
      page.on('request', (r) => requests.push(r.url()));
      await page.goto(url('/pricing'));
      expect(await page.evaluate(() => navigator.webdriver)).toBe(true);
      await page.click('nav a[href="/"]');
      await page.click('[data-lp-event="webinar_signup"]');
      await page.goto(url('/resources'));
      expect(requests.filter((u) => u.includes('/v1/'))).toEqual([]);
      expect(await page.evaluate(() => Object.keys(localStorage))).toEqual([]);
      expect(await page.evaluate(() => document.documentElement.className.trim())).toBe('lp-cold');
    } finally {
      await bot.close();
    }
  });
});
