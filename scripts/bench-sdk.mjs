// `npm run bench` (sdk): the SDK's main-thread cost on the demo site in headless Chromium, side by side with
// the same page without it, and lp.js's sizes beside the published scripts of peers installed from npm.
//
// One `wrangler dev` serves the demo site. Each run is a fresh browser context (a first-time visitor) that
// loads the home page, waits for the network to settle, moves the mouse and scrolls. Both variants get the
// page through the same route; the baseline's HTML only lacks the `<script defer src="/lp.js">` tag (the
// head snippet stays: its CSS is part of the page's layout). Runs alternate, A B B A …, to spread drift.
// Chrome DevTools Protocol `Performance.getMetrics` gives script and task time, layouts and style recalcs;
// a PerformanceObserver counts long tasks; a trace attributes main-thread time to lp.js itself (compile,
// evaluation, its listeners and timers) and finds any layout it forces.
import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { chromium } from 'playwright-core';
import { startWorker } from './devServer.mjs';
import { sizes } from './size.mjs';

const RUNS = Number(process.env.BENCH_RUNS || 12);
const PATH = '/';
const SCRIPT_TAG = /<script defer src="\/lp\.js"[^>]*><\/script>\n?/;

/** Union length (ms) of trace intervals, so nested events are not counted twice. */
function unionMs(events) {
  const spans = events.map((e) => [e.ts, e.ts + (e.dur || 0)]).sort((a, b) => a[0] - b[0]);
  let total = 0;
  let [start, end] = [-1, -1];
  for (const [s, e] of spans) {
    if (s > end) {
      total += end - start;
      [start, end] = [s, e];
    } else end = Math.max(end, e);
  }
  return (total + end - start) / 1000;
}

/** Main-thread time of lp.js in a trace, and the layouts that ran inside it (forced layouts). */
function sdkTrace(trace) {
  const events = JSON.parse(trace.toString()).traceEvents.filter((e) => e.ph === 'X');
  const isSdk = (e) => String(e.args?.data?.url ?? e.args?.url ?? e.args?.fileName ?? '').endsWith('/lp.js');
  const evaluate = events.filter((e) => isSdk(e) && (e.name === 'EvaluateScript' || e.name === 'v8.compile' || e.name === 'v8.produceCache'));
  const calls = events.filter((e) => isSdk(e) && (e.name === 'FunctionCall' || e.name === 'v8.callFunction'));
  const own = [...evaluate, ...calls];
  const inside = (e) => own.some((o) => o.tid === e.tid && e.ts >= o.ts && e.ts + (e.dur || 0) <= o.ts + o.dur);
  return {
    startup: unionMs(evaluate),
    total: unionMs(own),
    forcedLayouts: events.filter((e) => (e.name === 'Layout' || e.name === 'UpdateLayoutTree') && inside(e)).length,
  };
}

const LONG_TASKS = `(() => {
  window.__longTasks = [];
  new PerformanceObserver((l) => window.__longTasks.push(...l.getEntries().map((e) => e.duration))).observe({ type: 'longtask', buffered: true });
})();`;

async function run(browser, origin, withSdk) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.addInitScript(LONG_TASKS);
  // The same route in both variants; only the body differs.
  await page.route(`${origin}${PATH}`, async (route) => {
    const res = await route.fetch();
    const html = await res.text();
    if (!SCRIPT_TAG.test(html)) throw new Error('the demo page has no lp.js script tag');
    await route.fulfill({ response: res, body: withSdk ? html : html.replace(SCRIPT_TAG, '') });
  });
  const cdp = await context.newCDPSession(page);
  await cdp.send('Performance.enable');
  await browser.startTracing(page, { categories: ['devtools.timeline'] });
  await page.goto(`${origin}${PATH}`, { waitUntil: 'load' });
  await page.waitForLoadState('networkidle');
  for (let i = 0; i < 20; i++) await page.mouse.move(50 + i * 20, 100 + i * 10);
  await page.mouse.wheel(0, 600);
  await page.mouse.wheel(0, -600);
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  const { metrics } = await cdp.send('Performance.getMetrics');
  const trace = await browser.stopTracing();
  const longTasks = await page.evaluate(() => window.__longTasks);
  const m = Object.fromEntries(metrics.map((x) => [x.name, x.value]));
  if (withSdk && !(await page.evaluate(() => localStorage.getItem('lp_vid')))) throw new Error('the SDK did not run');
  await context.close();
  const sdk = withSdk ? sdkTrace(trace) : { startup: 0, total: 0, forcedLayouts: 0 };
  return {
    'ScriptDuration (ms)': m.ScriptDuration * 1000,
    'TaskDuration (ms)': m.TaskDuration * 1000,
    'LayoutDuration (ms)': m.LayoutDuration * 1000,
    'RecalcStyleDuration (ms)': m.RecalcStyleDuration * 1000,
    LayoutCount: m.LayoutCount,
    RecalcStyleCount: m.RecalcStyleCount,
    'Long tasks': longTasks.length,
    'Long-task time (ms)': longTasks.reduce((a, b) => a + b, 0),
    'lp.js compile + evaluate (ms)': sdk.startup,
    'lp.js all own work (ms)': sdk.total,
    'Layouts forced by lp.js': sdk.forcedLayouts,
  };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const fmt = (x, digits = 2) => (Number.isInteger(x) ? String(x) : x.toFixed(digits));

// Interrupted: exit, so that the exit handlers of scripts/devServer.mjs (the server) and of Playwright (the
// browser) run.
process.on('SIGINT', () => process.exit(130));
process.on('SIGTERM', () => process.exit(143));
const worker = await startWorker({ vars: { HASH_KEY: 'bench-hash-key' } });
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-blink-features=AutomationControlled', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
});
try {
  const results = { without: [], with: [] };
  // Warm-up (compile caches, the Worker's first requests), not counted.
  await run(browser, worker.origin, true);
  await run(browser, worker.origin, false);
  for (let i = 0; i < RUNS; i++) {
    const order = i % 2 ? [true, false] : [false, true];
    for (const withSdk of order) results[withSdk ? 'with' : 'without'].push(await run(browser, worker.origin, withSdk));
  }
  console.log(`SDK main-thread cost on the demo home page (${PATH}), headless Chromium ${browser.version()}, ${RUNS} runs each, alternating; medians`);
  console.log(`(a fresh visitor per run: load, network idle, 20 mouse moves, scroll down and up; ${cpus().length} × ${cpus()[0]?.model.trim()})\n`);
  console.log(`${'metric'.padEnd(32)}${'without SDK'.padStart(12)}${'with SDK'.padStart(12)}${'difference'.padStart(12)}${'ratio'.padStart(9)}`);
  for (const key of Object.keys(results.with[0])) {
    const a = median(results.without.map((r) => r[key]));
    const b = median(results.with.map((r) => r[key]));
    const ratio = a ? `${(b / a).toFixed(2)}×` : '-';
    const diff = b - a;
    console.log(`${key.padEnd(32)}${fmt(a).padStart(12)}${fmt(b).padStart(12)}${((diff >= 0 ? '+' : '') + fmt(diff)).padStart(12)}${ratio.padStart(9)}`);
  }

  console.log('\nScript sizes (bytes; gzip level 9, brotli quality 11)\n');
  const peers = [
    ['leadpulse lp.js (this SDK)', 'sdk/dist/lp.js'],
    ['leadpulse lp-vitals.js (add-on)', 'sdk/dist/lp-vitals.js'],
    [`Plausible @plausible-analytics/tracker ${pkgVersion('@plausible-analytics/tracker')} plausible.js`, 'node_modules/@plausible-analytics/tracker/plausible.js'],
    [`PostHog posthog-js ${pkgVersion('posthog-js')} dist/array.js (snippet-loaded)`, 'node_modules/posthog-js/dist/array.js'],
    [`PostHog posthog-js ${pkgVersion('posthog-js')} dist/array.full.js`, 'node_modules/posthog-js/dist/array.full.js'],
  ];
  console.log(`${'script'.padEnd(58)}${'minified'.padStart(10)}${'gzip'.padStart(9)}${'brotli'.padStart(9)}`);
  for (const [name, file] of peers) {
    const s = sizes(file);
    console.log(`${name.padEnd(58)}${String(s.min).padStart(10)}${String(s.gzip).padStart(9)}${String(s.brotli).padStart(9)}`);
  }
} finally {
  await browser.close();
  await worker.stop();
}

function pkgVersion(name) {
  return JSON.parse(readFileSync(`node_modules/${name}/package.json`, 'utf8')).version;
}
