// Launches Debian's Chromium headless through playwright-core, with a fresh profile (never downloads one).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';
import { PLAYWRIGHT_MS } from './waits';
import { CHROMIUM_ARGS } from '../scripts/chromium.mjs';

/** A persistent browser context on a fresh profile, waits bounded by PLAYWRIGHT_MS; `close()` removes the profile. */
export async function launchBrowser(): Promise<{ context: BrowserContext; close(): Promise<void> }> {
  const profile = mkdtempSync(join(tmpdir(), 'leadpulse-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_ARGS,
  });
  // Every wait of Playwright fails with its own message (what it waited for) before the test's timeout.
  context.setDefaultTimeout(PLAYWRIGHT_MS);
  return {
    context,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
