// The end-to-end tests' browser: Debian's Chromium on a fresh profile (e2e/launchBrowser.ts), for the
// whole file or for each test, and a check after every test that nothing threw into a page.
import type { BrowserContext } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, expect } from 'vitest';
import { launchBrowser } from './launchBrowser';
import { step } from './step';

/** The browser of the current test. */
export interface TestBrowser {
  readonly context: BrowserContext;
  /** Errors thrown into any page since the test began (asserted empty after it). */
  readonly pageErrors: string[];
}

const LAUNCH_MS = 60_000;

/** Launches Chromium once for the file, or with `{ each: true }` a fresh one (a first-time visitor) per test. */
export function useBrowser({ each = false } = {}): TestBrowser {
  let browser: Awaited<ReturnType<typeof launchBrowser>> | undefined;
  let pageErrors: string[] = [];
  const launch = async () => {
    browser = await step('launching Chromium', launchBrowser(), LAUNCH_MS);
    browser.context.on('page', (p) => p.on('pageerror', (e) => pageErrors.push(String(e))));
  };
  const close = async () => {
    await browser?.close();
    browser = undefined;
  };
  if (!each) {
    beforeAll(launch);
    afterAll(close);
  }
  beforeEach(async () => {
    if (each) await launch();
    pageErrors = [];
  });
  afterEach(async () => {
    try {
      // Nothing the SDK or the dashboard did (or failed to do) ever threw into a page.
      expect(pageErrors).toEqual([]);
    } finally {
      if (each) await close();
    }
  });
  return {
    get context() {
      if (!browser) throw new Error('the test browser is not running (useBrowser: is this inside a test?)');
      return browser.context;
    },
    get pageErrors() {
      return pageErrors;
    },
  };
}
