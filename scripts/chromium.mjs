// Launches Debian's Chromium headless through playwright-core with the flags every test and benchmark
// uses (no download of a browser, no background networking on this closed network).
import { chromium } from 'playwright-core';

/** The arguments of every headless Chromium the project starts. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-blink-features=AutomationControlled',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
];

/** A headless Chromium (`/usr/bin/chromium`); the caller closes it. */
export function launchChromium() {
  return chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS });
}
