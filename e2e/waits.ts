// How long each kind of step of the end-to-end tests may wait: under vitest's timeouts of the e2e project
// (60 s a test, 120 s a hook such as the server's start; tests with restarts set their own), so a step's
// own message is what a timeout reports.

/** Starting `wrangler dev` until the new server answers (a cold start on a loaded two-core machine takes ~10 s). */
export const SERVER_START_MS = 100_000;
/** Stopping every process of a server and seeing its ports and state released. */
export const SERVER_STOP_MS = 45_000;
/** One HTTP reply from the local server. */
export const REPLY_MS = 15_000;
/** One browser event or condition (a page's reply, a class on <html>, a download). */
export const PAGE_WAIT_MS = 20_000;
/** Playwright's own bound for waits not wrapped in a step: longer than a step's, so a step's message wins. */
export const PLAYWRIGHT_MS = 30_000;
