// Setup file of the e2e project: a test worker whose vitest process is gone (killed by SIGTERM or SIGKILL,
// which vitest does not handle) exits at once, so that the exit handlers of scripts/devServer.mjs and of
// Playwright stop the servers and browsers it started, instead of the worker running its file on alone.
const HOOKED = Symbol.for('leadpulse.exitWithRunner');
const state = globalThis as { [HOOKED]?: true };
// The worker talks to vitest over an IPC channel (a forked process): it closes when vitest dies.
if (process.send && !state[HOOKED]) {
  state[HOOKED] = true;
  process.once('disconnect', () => process.exit(1));
}
