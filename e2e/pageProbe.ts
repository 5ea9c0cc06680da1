// Helpers for the SDK's end-to-end tests in Chromium: which calls to action a page shows, what every frame
// painted from the very first one, layout shifts, and the collector's replies.
import type { Page, Response, Route } from 'playwright-core';
import { step } from './step';

/** The bands of the calls to action a page shows (visible `[data-lp-show]` in its CTA slot). */
export async function shownCtas(page: Page): Promise<string[]> {
  return page.$$eval('.cta-slot [data-lp-show]', (els) => els.filter((e) => getComputedStyle(e).display != 'none').map((e) => e.getAttribute('data-lp-show')!));
}

/** What one animation frame showed, recorded in requestAnimationFrame, i.e. just before that frame's paint. */
export interface Frame {
  /** The frame's time (performance.now() clock). */
  t: number;
  /** The class attribute of <html>. */
  html: string;
  /** Bands of the visible calls to action in the CTA slot (empty before the slot is parsed). */
  shown: string[];
}

/**
 * An init script (it runs before any script of the page): records every frame from the first one, and the
 * Layout Instability API's entries (all of them, including those right after an input).
 */
export const PROBE = `(() => {
  const frames = (window.__lpFrames = []);
  const shifts = (window.__lpShifts = []);
  const tick = (t) => {
    const slot = document.querySelector('.cta-slot');
    const shown = slot ? [...slot.querySelectorAll('[data-lp-show]')].filter((e) => getComputedStyle(e).display != 'none').map((e) => e.getAttribute('data-lp-show')) : [];
    frames.push({ t, html: document.documentElement.className, shown });
    if (frames.length < 600) requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
  new PerformanceObserver((list) => { for (const e of list.getEntries()) shifts.push({ value: e.value, hadRecentInput: e.hadRecentInput, t: e.startTime }); })
    .observe({ type: 'layout-shift', buffered: true });
})();`;

/** The frames recorded by PROBE so far, and the time of the page's first paint. */
export async function readFrames(page: Page): Promise<{ frames: Frame[]; firstPaint: number | undefined }> {
  return page.evaluate(() => ({
    frames: (window as unknown as { __lpFrames: Frame[] }).__lpFrames,
    firstPaint: performance.getEntriesByName('first-paint')[0]?.startTime,
  }));
}

/** The sum of every layout shift's value so far (0 when nothing moved). */
export async function layoutShift(page: Page): Promise<{ total: number; count: number }> {
  return page.evaluate(() => {
    const shifts = (window as unknown as { __lpShifts: { value: number }[] }).__lpShifts;
    return { total: shifts.reduce((s, e) => s + e.value, 0), count: shifts.length };
  });
}

/** Resolves with the next reply of `POST /v1/collect` the page receives; a timeout names it. */
export function nextCollect(page: Page): Promise<Response> {
  const reply = page.waitForResponse((r) => r.url().endsWith('/v1/collect') && r.request().method() == 'POST');
  return step("the page's next POST /v1/collect reply", reply);
}

/** A gate for routed requests: they wait until `open()`. */
export function gate(): { handler: (route: Route) => Promise<void>; open(): void; waiting(): number } {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  let waiting = 0;
  return {
    handler: async (route) => {
      waiting++;
      await opened;
      await route.continue().catch(() => {});
    },
    open,
    waiting: () => waiting,
  };
}

/** Waits until <html> has the class `lp-<band>` (the SDK applied that band); fails naming it. */
export async function bandApplied(page: Page, band: string): Promise<void> {
  const applied = page.waitForFunction((b) => document.documentElement.classList.contains(`lp-${b}`), band);
  await step(`<html> getting the class lp-${band} (${page.url()})`, applied);
}
