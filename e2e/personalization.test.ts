// Live personalization on the demo site in Chromium (issue 5): cold for a new visitor, hot in the same page
// after a buying journey, hot before first paint on the next load without any layout shift, the cached band
// with the collector down, and nothing waiting for a slow reply.
import { describe, expect, it } from 'vitest';
import { bandApplied, gate, layoutShift, nextCollect, PROBE, readFrames, shownCtas } from './pageProbe';
import { step } from './step';
import { useBrowser } from './useBrowser';
import { useWorker } from './useWorker';

const server = useWorker();
// A fresh browser per test: each starts as a first-time visitor.
const browser = useBrowser({ each: true });
const url = server.url;

/** pricing ×3, a PDF download, then the home page: warm, one webinar sign-up away from hot. */
async function journeyToWarm() {
  const page = await browser.context.newPage();
  for (let i = 0; i < 3; i++) {
    const reply = nextCollect(page);
    await page.goto(url('/pricing'));
    await reply;
  }
  const pageview = nextCollect(page);
  await page.goto(url('/resources'));
  await pageview;
  const download = nextCollect(page);
  await page.click('a[download][href$=".pdf"]');
  expect((await download).request().postDataJSON().events.map((e: { type: string }) => e.type)).toContain('download');
  expect(await (await download).json()).toMatchObject({ band: 'warm' });
  return page;
}

describe('a new visitor', () => {
  it('sees only the cold calls to action, on every demo page', async () => {
    const page = await browser.context.newPage();
    for (const path of ['/', '/product', '/pricing', '/blog/closing-the-books-faster', '/careers', '/resources', '/contact']) {
      await page.goto(url(path));
      expect(await shownCtas(page), path).toEqual(path == '/careers' ? ['cold warm'] : ['cold']);
    }
  });

  it('is served the built pages, never their sources (demo-site/_src)', async () => {
    const page = await browser.context.newPage();
    for (const source of ['/_src/layout.html', '/_src/pages/index.html']) {
      const res = (await page.goto(url(source)))!;
      expect(res.status(), source).toBe(404);
      expect(await res.text(), source).not.toContain('{{');
    }
  });

  it('sees each product page’s own cold call to action too, on a site without that product’s model', async () => {
    const page = await browser.context.newPage();
    for (const product of ['billing', 'analytics']) {
      await page.goto(url('/' + product));
      // lp-models.js is deferred: a model the visitor has no band in reads cold once it runs.
      await step(`${product}'s cold call to action`, page.waitForSelector(`[data-lp-show^="${product}:cold"]`, { state: 'visible' }));
      expect(await shownCtas(page), product).toEqual(['cold', `${product}:cold ${product}:warm - cold warm hot`]);
    }
  });
});

describe('after a journey', () => {
  it('shows the hot call to action in the same page, without a layout shift', async () => {
    const page = await journeyToWarm();
    await page.addInitScript(PROBE);
    const pageview = nextCollect(page);
    await page.goto(url('/'));
    await pageview;
    expect(await shownCtas(page)).toEqual(['warm']);
    const reply = nextCollect(page);
    await page.click('[data-lp-event="webinar_signup"]');
    expect(await (await reply).json()).toEqual({ score: 85, band: 'hot' });
    await bandApplied(page, 'hot');
    expect(await shownCtas(page)).toEqual(['hot']);
    expect(await page.evaluate(() => document.documentElement.className.trim())).toBe('lp-hot');
    // Every shift counted, even those right after the click (which CLS itself would forgive).
    expect(await layoutShift(page)).toEqual({ total: 0, count: 0 });
  });

  it('shows the hot call to action before first paint on the next load, with a layout-shift score of 0', async () => {
    const page = await journeyToWarm();
    const reply = nextCollect(page);
    await page.goto(url('/'));
    await reply;
    await page.click('[data-lp-event="webinar_signup"]');
    await bandApplied(page, 'hot');

    // The next load: lp.js is held back until the page has painted, so only the head snippet can act.
    const sdk = gate();
    await page.route('**/lp.js', sdk.handler);
    await page.addInitScript(PROBE);
    const collected = nextCollect(page);
    await page.goto(url('/pricing'), { waitUntil: 'commit' });
    await step(
      'the first contentful paint of /pricing with its CTA slot drawn',
      page.waitForFunction(() => (window as unknown as { __lpFrames: { shown: string[] }[] }).__lpFrames.some((f) => f.shown.length) && performance.getEntriesByName('first-contentful-paint').length),
    );
    const { frames, firstPaint } = await readFrames(page);
    expect(sdk.waiting()).toBe(1);
    expect(firstPaint).toBeDefined();
    // The probe saw the frame of the first paint, and every frame with the slot showed hot only.
    expect(frames[0]!.t).toBeLessThanOrEqual(firstPaint!);
    expect(frames.every((f) => f.html.trim() == 'lp-hot')).toBe(true);
    expect(frames.filter((f) => f.shown.length).every((f) => f.shown.join() == 'hot')).toBe(true);
    sdk.open();
    expect(await (await collected).json()).toMatchObject({ band: 'hot' });
    await page.waitForLoadState('load');
    expect(await shownCtas(page)).toEqual(['hot']);
    expect(await layoutShift(page)).toEqual({ total: 0, count: 0 });
  });
});

describe('with the collector down', () => {
  it('the page still works and shows the cached band', async () => {
    const page = await journeyToWarm();
    // Down: every collector route refuses the connection — the API, and the SDK file itself.
    await browser.context.route(/\/v1\/|\/lp\.js$/, (route) => route.abort('connectionrefused'));
    await page.goto(url('/pricing'));
    expect(await shownCtas(page)).toEqual(['warm']);
    await page.click('nav a[href="/contact"]');
    await page.waitForURL(url('/contact'));
    expect(await shownCtas(page)).toEqual(['warm']);
    await page.fill('#cf-name', 'Ana Lima');
    await page.fill('#cf-email', 'ana@cobalt.example');
    await page.fill('#cf-company', 'Cobalt');
    await page.fill('#cf-message', 'Demo, please.');
    await page.click('#contact-form button[type="submit"]');
    await page.waitForSelector('#contact-thanks:not([hidden])');
    // The call made while lp.js could not load waits in the head snippet's queue.
    expect(await page.evaluate(() => (window as unknown as { lp: { q: IArguments[] } }).lp.q.map((a) => [...a].slice(0, 2)))).toEqual([['identify', 'ana@cobalt.example']]);

    // Only the API down (lp.js cached or served elsewhere): the SDK runs, keeps its events, the page is calm.
    await browser.context.unrouteAll({ behavior: 'wait' });
    let signupRefused!: () => void;
    const signupFetchRefused = new Promise<void>((resolve) => (signupRefused = resolve));
    await browser.context.route('**/v1/collect', async (route) => {
      await route.abort('connectionrefused');
      if (route.request().postData()?.includes('webinar_signup')) signupRefused();
    });
    await page.goto(url('/'));
    await page.click('[data-lp-event="webinar_signup"]');
    await step('the sign-up kept in the outbox (lp_out) while the API is down', page.waitForFunction(() => JSON.parse(localStorage.getItem('lp_out') || '[]').some((e: { type: string }) => e.type == 'event')));
    // Its fetch refused before the API comes back (had it gone out after, nothing would wait to be resent).
    await step('the POST /v1/collect with the sign-up, refused', signupFetchRefused);
    expect(await shownCtas(page)).toEqual(['warm']);

    // Back up: the next page delivers what waited, and the band moves.
    await browser.context.unrouteAll({ behavior: 'wait' });
    const resent = step('the waiting sign-up resent to /v1/collect', page.waitForRequest((r) => r.url().endsWith('/v1/collect') && r.postDataJSON().events.some((e: { name?: string }) => e.name == 'webinar_signup')));
    await page.goto(url('/product'));
    await resent;
    // visits 5 + pricing 30 + download 10 + webinar 40.
    await bandApplied(page, 'hot');
    expect(await shownCtas(page)).toEqual(['hot']);
    await step('the outbox (lp_out) emptied once the collector confirmed', page.waitForFunction(() => localStorage.getItem('lp_out') == '[]'));
  });
});

describe('with a slow collector', () => {
  it('nothing on the page waits for the reply; the band changes when it comes', async () => {
    const page = await browser.context.newPage();
    const slow = gate();
    await page.route('**/v1/collect', slow.handler);
    // `load` fires, the page is interactive and personalized from cache while every reply is held.
    await page.goto(url('/'), { waitUntil: 'load' });
    expect(await shownCtas(page)).toEqual(['cold']);
    await page.click('[data-lp-event="webinar_signup"]');
    await page.click('nav a[href="/pricing"]');
    await page.waitForURL(url('/pricing'));
    expect(await shownCtas(page)).toEqual(['cold']);
    expect(slow.waiting()).toBeGreaterThanOrEqual(1);
    // visit 5 + webinar 40 + pricing 10: warm, shown as soon as a reply says so.
    const final = step('a /v1/collect reply with score 55', page.waitForResponse(async (r) => r.url().endsWith('/v1/collect') && (await r.json()).score == 55));
    slow.open();
    await final;
    await bandApplied(page, 'warm');
    expect(await shownCtas(page)).toEqual(['warm']);
  });
});
