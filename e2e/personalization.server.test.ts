// Server-side personalization (issue 5 point 4): the server code of docs/personalization.md, run as written
// against `GET /v1/score` of a `wrangler dev` collector, for a visitor a real Chromium made hot.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from './launchBrowser';
import { freePort, startWorker, type RunningWorker } from './startWorker';

type Helpers = { bandOf(site: string, visitor: string | undefined): Promise<string>; visitorOf(cookie: string | undefined): string | undefined };

let worker: RunningWorker;

/** The `leadpulse.mjs` block of docs/personalization.md, loaded as a module with COLLECTOR pointed at `origin`. */
async function docHelpers(origin: string): Promise<Helpers> {
  const doc = readFileSync('docs/personalization.md', 'utf8');
  const code = /```js\n(\/\/ leadpulse\.mjs[\s\S]*?)```/.exec(doc)?.[1];
  expect(code, 'docs/personalization.md: the leadpulse.mjs block of "On your server"').toBeDefined();
  expect(code).toContain("const COLLECTOR = 'https://collector.example.com';");
  const source = code!.replace("'https://collector.example.com'", JSON.stringify(origin));
  return import(`data:text/javascript,${encodeURIComponent(source)}`);
}

beforeAll(async () => {
  worker = await startWorker();
});
afterAll(async () => {
  await worker?.stop();
});

describe('the server code of docs/personalization.md', () => {
  it('reads the band of a visitor the browser made hot, through the cookie the page sets', async () => {
    const browser = await launchBrowser();
    try {
      const page = await browser.context.newPage();
      for (const path of ['/pricing', '/pricing', '/pricing']) {
        const reply = page.waitForResponse((r) => r.url().endsWith('/v1/collect'));
        await page.goto(`${worker.origin}${path}`);
        await reply;
      }
      const downloaded = page.waitForResponse((r) => r.url().endsWith('/v1/collect') && r.request().postData()!.includes('"download"'));
      await page.goto(`${worker.origin}/resources`);
      await page.click('a[download][href$=".pdf"]');
      await downloaded;
      const hot = page.waitForResponse(async (r) => r.url().endsWith('/v1/collect') && (await r.json()).band == 'hot');
      await page.goto(`${worker.origin}/`);
      // The page code of docs/personalization.md: copy the visitor id into a first-party cookie.
      await page.evaluate(() => {
        (window as unknown as { lp: (cmd: string, cb: () => void) => void }).lp('score', function () {
          const id = localStorage.getItem('lp_vid');
          if (id) document.cookie = 'lp_vid=' + id + '; Path=/; Max-Age=31536000; SameSite=Lax';
        });
      });
      await page.click('[data-lp-event="webinar_signup"]');
      await hot;
      const cookie = (await browser.context.cookies()).map((c) => `${c.name}=${c.value}`).join('; ');

      const { bandOf, visitorOf } = await docHelpers(worker.origin);
      const visitor = visitorOf(`theme=dark; ${cookie}`);
      expect(visitor).toBe(await page.evaluate(() => localStorage.getItem('lp_vid')));
      expect(await bandOf('demo', visitor)).toBe('hot');
      expect(await bandOf('demo', 'a-visitor-never-seen-here')).toBe('cold');

      // The site is the one asked about: the same visitor on another site is unknown there.
      const put = await fetch(`${worker.origin}/v1/sites/other-site/config`, {
        method: 'PUT',
        headers: { Authorization: 'Bearer e2e-token', 'Content-Type': 'application/json' },
        body: JSON.stringify({ rules: [], bands: { warm: 40, hot: 80 } }),
      });
      expect(put.status).toBe(201);
      expect(await bandOf('other-site', visitor)).toBe('cold');
    } finally {
      await browser.close();
    }
  });

  it('answers cold, fast, for a malformed id, an unknown site and a collector that is down', async () => {
    const { bandOf, visitorOf } = await docHelpers(worker.origin);
    expect(visitorOf('other=1')).toBeUndefined();
    expect(await bandOf('demo', undefined)).toBe('cold');
    expect(await bandOf('demo', '../../v1/leads?x=')).toBe('cold');
    expect(await bandOf('nosuchsite', 'a-visitor-never-seen-here')).toBe('cold');
    expect(await bandOf('demo&visitor=x', 'a-visitor-never-seen-here')).toBe('cold');
    const down = await docHelpers(`http://127.0.0.1:${await freePort()}`);
    expect(await down.bandOf('demo', 'a-visitor-never-seen-here')).toBe('cold');
  });
});
