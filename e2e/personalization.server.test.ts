// Server-side personalization (issue 5 point 4): the README's own server code, run as written against
// `GET /v1/score` of a `wrangler dev` collector, for a visitor a real Chromium made hot.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { nextCollect } from './pageProbe';
import { step } from './step';
import { freePort } from './startWorker';
import { useBrowser } from './useBrowser';
import { useWorker } from './useWorker';

type Helpers = { bandOf(visitor: string | undefined, site?: string): Promise<string>; visitorOf(cookie: string | undefined): string | undefined };

/** The README's `leadpulse.mjs` block, loaded as a module with COLLECTOR pointed at `origin`. */
async function readmeHelpers(origin: string): Promise<Helpers> {
  const readme = readFileSync('README.md', 'utf8');
  const code = /```js\n(\/\/ leadpulse\.mjs[\s\S]*?)```/.exec(readme)?.[1];
  expect(code, 'README: the leadpulse.mjs block of "Server-side personalization"').toBeDefined();
  expect(code).toContain("const COLLECTOR = 'https://collector.example.com';");
  const source = code!.replace("'https://collector.example.com'", JSON.stringify(origin));
  return import(`data:text/javascript,${encodeURIComponent(source)}`);
}

const server = useWorker();
const browser = useBrowser();

describe('the README’s server code', () => {
  it('reads the band of a visitor the browser made hot, through the cookie the page sets', async () => {
    const page = await browser.context.newPage();
    for (const path of ['/pricing', '/pricing', '/pricing']) {
      const reply = nextCollect(page);
      await page.goto(server.url(path));
      await reply;
    }
    const downloaded = step('a /v1/collect reply to the download', page.waitForResponse((r) => r.url().endsWith('/v1/collect') && r.request().postData()!.includes('"download"')));
    await page.goto(server.url('/resources'));
    await page.click('a[download][href$=".pdf"]');
    await downloaded;
    const hot = step('a /v1/collect reply with band hot', page.waitForResponse(async (r) => r.url().endsWith('/v1/collect') && (await r.json()).band == 'hot'));
    await page.goto(server.url('/'));
    // The README's page code: copy the visitor id into a first-party cookie.
    await page.evaluate(() => {
      (window as unknown as { lp: (cmd: string, cb: () => void) => void }).lp('score', function () {
        const id = localStorage.getItem('lp_vid');
        if (id) document.cookie = 'lp_vid=' + id + '; Path=/; Max-Age=31536000; SameSite=Lax';
      });
    });
    await page.click('[data-lp-event="webinar_signup"]');
    await hot;
    const cookie = (await browser.context.cookies()).map((c) => `${c.name}=${c.value}`).join('; ');

    const { bandOf, visitorOf } = await readmeHelpers(server.origin);
    const visitor = visitorOf(`theme=dark; ${cookie}`);
    expect(visitor).toBe(await page.evaluate(() => localStorage.getItem('lp_vid')));
    expect(await bandOf(visitor)).toBe('hot');
    expect(await bandOf('a-visitor-never-seen-here')).toBe('cold');
  });

  it('answers cold, fast, for a malformed id, an unknown site and a collector that is down', async () => {
    const { bandOf, visitorOf } = await readmeHelpers(server.origin);
    expect(visitorOf('other=1')).toBeUndefined();
    expect(await bandOf(undefined)).toBe('cold');
    expect(await bandOf('../../v1/leads?x=')).toBe('cold');
    expect(await bandOf('a-visitor-never-seen-here', 'nosuchsite')).toBe('cold');
    const down = await readmeHelpers(`http://127.0.0.1:${await freePort()}`);
    expect(await down.bandOf('a-visitor-never-seen-here')).toBe('cold');
  });
});
