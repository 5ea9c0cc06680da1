// Makes the page's visitor hot on the demo site with its shipped rules, as a person would: three pricing views, a
// PDF download, then the webinar sign-up on the home page (visits 5 + pricing 30 + download 10 + webinar 40).
import type { Page } from 'playwright-core';

/**
 * Browses the demo site of the collector at `origin` until the visitor's reply says hot. `beforeSignup` runs on
 * the home page just before the sign-up (page code a test wants the SDK to have when the hot reply comes).
 */
export async function makeVisitorHot(page: Page, origin: string, beforeSignup?: (page: Page) => Promise<unknown>): Promise<void> {
  for (const path of ['/pricing', '/pricing', '/pricing']) {
    const reply = page.waitForResponse((r) => r.url().endsWith('/v1/collect'));
    await page.goto(`${origin}${path}`);
    await reply;
  }
  const downloaded = page.waitForResponse((r) => r.url().endsWith('/v1/collect') && r.request().postData()!.includes('"download"'));
  await page.goto(`${origin}/resources`);
  await page.click('a[download][href$=".pdf"]');
  await downloaded;
  const hot = page.waitForResponse(async (r) => r.url().endsWith('/v1/collect') && (await r.json()).band == 'hot');
  await page.goto(`${origin}/`);
  await beforeSignup?.(page);
  await page.click('[data-lp-event="webinar_signup"]');
  await hot;
}
