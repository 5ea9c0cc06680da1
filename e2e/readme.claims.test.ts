// What README.md promises on a fresh install, checked as written (issue 15): the scores and calls to action of
// its demo walk-through in Chromium, its script tag and call-to-action markup on the demo site, and the
// configuration blocks of docs/scoring.md and docs/api.md accepted by the collector as they stand.
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { makeVisitorHot } from './makeVisitorHot';
import { bandApplied, nextCollect } from './pageProbe';
import { request } from './request';
import { useBrowser } from './useBrowser';
import { useWorker } from './useWorker';

const server = useWorker();
const browser = useBrowser({ each: true });
const README = readFileSync('README.md', 'utf8');

/** The fenced blocks of `file` in `lang`. */
const blocks = (file: string, lang: string) => [...readFileSync(file, 'utf8').matchAll(/```(\w*)\n([\s\S]*?)```/g)].filter((m) => m[1] === lang).map((m) => m[2]!);

/** The text of the calls to action the page shows. */
const visibleCtas = (page: Page) => page.$$eval('[data-lp-show]', (els) => els.filter((e) => (e as HTMLElement).offsetParent !== null).map((e) => e.textContent!.trim()));

describe("the README's walk-through of the demo site", () => {
  const hot = /the call to action turns to "([^"]+)" \((\d+), (hot|warm|cold)\)/.exec(README.replace(/\s+/g, ' '));
  const signup = /sign-up alone makes (\d+), (hot|warm|cold)/.exec(README.replace(/\s+/g, ' '));

  it('three pricing views, the guide and the webinar sign-up: the score, band and call to action it names', async () => {
    expect(hot, 'README no longer names the hot call to action').not.toBeNull();
    const [, cta, score, band] = hot!;
    const page = await browser.context.newPage();
    let last: unknown;
    page.on('response', async (r) => {
      if (r.url().endsWith('/v1/collect')) last = await r.json().catch(() => last);
    });
    await makeVisitorHot(page, server.origin);
    await expect.poll(() => last).toEqual({ score: Number(score), band });
    await bandApplied(page, band!);
    expect(await visibleCtas(page)).toContain(cta);
  });

  it("a first-time visitor's webinar sign-up alone: the score and band it names", async () => {
    expect(signup, 'README no longer says what the sign-up alone makes').not.toBeNull();
    const [, score, band] = signup!;
    const page = await browser.context.newPage();
    const first = nextCollect(page);
    await page.goto(server.url('/'));
    await first;
    const reply = nextCollect(page);
    await page.click('[data-lp-event="webinar_signup"]');
    expect(await (await reply).json()).toEqual({ score: Number(score), band });
  });
});

describe('the markup and configuration blocks', () => {
  it("the script tag and calls to action of README.md, docs/sdk.md and docs/personalization.md are the demo site's own", async () => {
    const [tag] = blocks('README.md', 'html').filter((b) => b.includes('/lp.js'));
    expect(blocks('docs/sdk.md', 'html').filter((b) => b.includes('/lp.js'))).toEqual([tag]);
    const [readmeCtas, byModel] = blocks('docs/personalization.md', 'html');
    expect([readmeCtas]).toEqual(blocks('README.md', 'html').filter((b) => b.startsWith('<a ')));
    // The calls to action by model are the demo billing page's own.
    const billing = readFileSync('demo-site/billing.html', 'utf8');
    for (const a of byModel!.match(/<a [^>]*data-lp-show="billing:[^"]*"[^>]*>[^<]*<\/a>/g)!) {
      expect(billing.replace(/ class="[^"]*"/g, '')).toContain(a);
    }
    const { src, site } = /src="https:\/\/YOUR-COLLECTOR(?<src>\/lp\.js)" data-site="(?<site>[^"]+)"/.exec(tag!)!.groups!;
    expect(site).toBe('demo');
    expect(readFileSync('demo-site/index.html', 'utf8')).toContain(`src="${src}" data-site="${site}"`);
    expect((await request(server.url(src!))).status).toBe(200);
    const [ctas] = blocks('README.md', 'html').filter((b) => b.startsWith('<a '));
    for (const line of ctas!.trim().split('\n')) {
      const { show, text } = /data-lp-show="(?<show>[^"]+)">(?<text>[^<]+)</.exec(line)!.groups!;
      // The block is an example of the markup: its bands are the demo's; the hot one is the walk-through's "Book a demo".
      expect(['index', 'careers', 'pricing', 'product', 'resources', 'contact'].map((f) => readFileSync(`demo-site/${f}.html`, 'utf8')).join(''), line).toContain(`data-lp-show="${show}"`);
      if (show === 'hot') expect(readFileSync('demo-site/index.html', 'utf8'), line).toMatch(new RegExp(`data-lp-show="hot"[^>]*>${text}<`));
    }
  });

  it('the configuration of docs/scoring.md and the webhook block of docs/api.md are accepted as written', async () => {
    const put = (site: string, body: string) =>
      request(server.url(`/v1/sites/${site}/config`), { method: 'PUT', headers: { Authorization: 'Bearer e2e-token', 'Content-Type': 'application/json' }, body });
    const [scoring] = blocks('docs/scoring.md', 'json').filter((b) => b.includes('"rules"'));
    const stored = await put('readme-scoring', scoring!);
    expect(stored.status).toBe(201);
    expect(await stored.json()).toMatchObject({ webhook: { secret: '****************' } });
    // The configuration with several models, fit rules, grades and stages.
    const [models] = blocks('docs/scoring.md', 'json').filter((b) => b.includes('"models"'));
    const withModels = await put('readme-models', models!);
    expect(withModels.status, await withModels.clone().text()).toBe(201);

    const [hook] = blocks('docs/api.md', 'json').filter((b) => b.includes('"webhook"'));
    const config = { rules: [], bands: { warm: 40, hot: 80 }, ...JSON.parse(hook!) };
    const withHook = await put('readme-slack', JSON.stringify(config));
    expect(withHook.status).toBe(201);
    expect(await withHook.json()).toMatchObject({ webhook: { format: 'slack', anonymous: false } });
    // The 16-character minimum the docs state.
    const short = await put('readme-short', JSON.stringify({ ...config, webhook: { ...config.webhook, secret: 'fifteen-chars-x' } }));
    expect(await short.json()).toEqual({ error: { code: 'invalid_config', message: 'webhook.secret: must be at least 16 characters' } });
  });
});
