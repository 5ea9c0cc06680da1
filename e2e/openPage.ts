// A dashboard page for the end-to-end tests, with every problem the page meets recorded: script errors,
// console errors and CSP refusals, failed requests, and any request that leaves the collector's origin.
import type { BrowserContext, Page } from 'playwright-core';

/** A new 1280×900 page of `context`; `problems` fills as the page runs and should stay empty. */
export async function openPage(context: BrowserContext, origin: string): Promise<{ page: Page; problems: string[] }> {
  const page = await context.newPage();
  await page.setViewportSize({ width: 1280, height: 900 });
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error' || /Content Security Policy|Refused to/.test(m.text())) problems.push(`console: ${m.text()}`);
  });
  // A read the page gave up on itself (its API client asks again after 15 s without an answer) is not one.
  page.on('requestfailed', (r) => {
    if (r.failure()?.errorText !== 'net::ERR_ABORTED') problems.push(`request failed: ${r.url()}`);
  });
  page.on('request', (r) => {
    if (!r.url().startsWith(origin) && !r.url().startsWith('blob:') && !r.url().startsWith('data:')) problems.push(`external request: ${r.url()}`);
  });
  return { page, problems };
}
