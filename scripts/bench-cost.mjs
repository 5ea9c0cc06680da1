// `npm run bench` (cost): what one page view costs on Cloudflare's bill. Real visitors — headless Chromium
// running the real SDK on the demo site, so every request is exactly what the SDK sends — browse the local
// Worker under `wrangler dev` with METER=1, which counts inside the runtime the units Cloudflare bills
// (collector/src/meter/): Worker requests, Durable Object calls and alarms, SQLite rows written, KV writes
// and reads. Each journey runs on its own and waits for the deferred work it causes (the end-of-minute
// publish), then the counts are read; prices come from scripts/prices.json.
//
// Journeys (a fresh browser profile per visitor, pages reached by clicking the site's links):
//   anonymous  — 5 pages: home, product, blog post, pricing, resources
//   identify   — 4 pages: home, pricing, contact (the form identifies), home
//   returning  — the identified visitors come back after 31 minutes: home, pricing, product
//   config     — one configuration change (PUT), which rescores every lead
//   configMore — the same after 120 leads more (sent without a browser, not counted): with `config`, what a
//                change costs per lead and per change
// The mix: per 100 page views, 70 anonymous, 15 identify and 15 returning, and one configuration change
// per 10,000 page views (rescoring the 2,500 leads those page views made: per change + 2,500 × per lead).
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { startWorker } from './devServer.mjs';
import { launchChromium } from './chromium.mjs';

const prices = JSON.parse(readFileSync('scripts/prices.json', 'utf8'));
const ANONYMOUS = Number(process.env.BENCH_COST_ANONYMOUS || 24);
const IDENTIFYING = Number(process.env.BENCH_COST_IDENTIFY || 8);
/** The end-of-minute publish runs a minute after a score was held back: wait that long after each journey. */
const SETTLE_MS = Number(process.env.BENCH_COST_SETTLE_MS ?? 65_000);
const TOKEN = 'bench-token';
/** Leads added before the second configuration change (configMore). */
const EXTRA_LEADS = Number(process.env.BENCH_COST_EXTRA_LEADS || 120);

const worker = await startWorker({ vars: { METER: '1', API_TOKEN: TOKEN, HASH_KEY: 'bench-hash-key' } });
const browser = await launchChromium();
const api = (path, init = {}) => fetch(`${worker.origin}${path}`, { ...init, headers: { Authorization: `Bearer ${TOKEN}`, ...init.headers } });
const meter = async (reset) => (await fetch(`${worker.origin}/__meter${reset ? '?reset' : ''}`)).json();

/** Opens `path` by clicking its link (the first page by address), and waits for the page's collect reply. */
async function visit(page, path, first) {
  const reply = page.waitForResponse((r) => r.url().endsWith('/v1/collect') && r.request().method() === 'POST', { timeout: 15_000 });
  if (first) await page.goto(`${worker.origin}${path}`);
  else await page.click(`header nav a[href="${path}"]`);
  await reply;
}

/** Leaves the site (the last page is hidden: the SDK beacons what is left) and closes the profile. */
async function leave(context, page) {
  await page.goto('about:blank');
  await page.waitForTimeout(300);
  await context.close();
}

async function browse(paths, { state, before } = {}) {
  const context = await browser.newContext(state ? { storageState: state } : {});
  const page = await context.newPage();
  if (before) await page.addInitScript(before);
  let views = 0;
  for (const [i, path] of paths.entries()) {
    await visit(page, path, i === 0);
    views++;
  }
  return { context, page, views };
}

const journeys = {
  async anonymous() {
    let views = 0;
    for (let i = 0; i < ANONYMOUS; i++) {
      const b = await browse(['/', '/product', '/blog/closing-the-books-faster', '/pricing', '/resources']);
      views += b.views;
      await leave(b.context, b.page);
    }
    return views;
  },
  async identify() {
    let views = 0;
    this.states = [];
    for (let i = 0; i < IDENTIFYING; i++) {
      const b = await browse(['/', '/pricing', '/contact']);
      const reply = b.page.waitForResponse((r) => r.url().endsWith('/v1/collect'), { timeout: 15_000 });
      await b.page.fill('#cf-name', `Bench Person ${i}`);
      await b.page.fill('#cf-email', `bench.${i}.${Date.now()}@example.com`);
      await b.page.fill('#cf-company', 'Bench Co');
      await b.page.fill('#cf-message', 'Hello');
      await b.page.click('#contact-form button[type=submit]');
      await reply;
      await visit(b.page, '/', false);
      views += b.views + 1;
      this.states.push(await b.context.storageState());
      await leave(b.context, b.page);
    }
    return views;
  },
  async returning() {
    let views = 0;
    // 31 minutes since the last signal: the next pageview starts a new visit.
    const before = `try { localStorage.setItem('lp_last', String(Date.now() - 31 * 60000)) } catch {}`;
    for (const state of journeys.states) {
      const b = await browse(['/', '/pricing', '/product'], { state, before: `if (!sessionStorage.lp_b) { sessionStorage.lp_b = 1; ${before} }` });
      views += b.views;
      await leave(b.context, b.page);
    }
    return views;
  },
  async config() {
    const current = await (await api('/v1/sites/demo/config')).json();
    const rules = current.rules.map((r) => (r.id === 'pricing' ? { ...r, points: r.points + 1 } : r));
    const res = await api('/v1/sites/demo/config', { method: 'PUT', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ ...current, webhook: undefined, rules }) });
    if (!res.ok) throw new Error(`PUT config: ${res.status} ${await res.text()}`);
    const stats = await (await api('/v1/stats?site=demo')).json();
    return { views: 0, leads: stats.total };
  },
  /**
   * The same change on more leads: EXTRA_LEADS visitors more, each scored by one beacon (not counted), then a
   * second change. The two changes split what a change costs into a part per lead and a part per change
   * (each index object's walk and alarm), so that the mix can price a change over its 2,500 leads.
   */
  async configMore() {
    for (let i = 0; i < EXTRA_LEADS; i += 20) {
      await Promise.all(Array.from({ length: Math.min(20, EXTRA_LEADS - i) }, async () => {
        const ts = Date.now();
        const events = [{ id: randomBytes(16).toString('base64url'), type: 'visit', ts }, { id: randomBytes(16).toString('base64url'), type: 'pageview', ts, path: '/pricing' }];
        const res = await fetch(`${worker.origin}/v1/collect`, { method: 'POST', headers: { 'Content-Type': 'text/plain', Origin: worker.origin }, body: JSON.stringify({ site: 'demo', visitor: randomBytes(16).toString('base64url'), events }) });
        if (res.status !== 200) throw new Error(`collect: ${res.status} ${await res.text()}`);
      }));
    }
    await new Promise((r) => setTimeout(r, SETTLE_MS));
    await meter(true);
    return this.config();
  },
};

const sum = (o) => Object.values(o).reduce((a, b) => a + b, 0);
const units = (m) => ({
  workerRequests: sum(m.requests),
  objectCalls: sum(m.objectCalls) + sum(m.alarms),
  rowsWritten: sum(m.rowsWritten),
  kvWrites: sum(m.kvWrites),
  kvReads: sum(m.kvReads),
});

try {
  // Warm-up: the first requests compile the Worker and create the demo site's objects; not counted.
  const warm = await browse(['/', '/pricing']);
  await leave(warm.context, warm.page);
  await new Promise((r) => setTimeout(r, SETTLE_MS));
  await meter(true);

  const measured = {};
  for (const name of ['anonymous', 'identify', 'returning', 'config', 'configMore']) {
    const result = await journeys[name].call(journeys);
    await new Promise((r) => setTimeout(r, SETTLE_MS));
    const m = await meter(true);
    measured[name] = { ...(typeof result === 'number' ? { views: result } : result), meter: m, units: units(m) };
  }

  console.log(`Billed units on the local runtime (METER=1), real SDK in headless Chromium ${browser.version()}; prices of ${prices.date}\n`);
  const kinds = Object.keys(prices.usdPerMillion);
  const head = ['journey', 'page views', ...kinds.map((k) => `${k}/pv`)];
  console.log(head.map((h, i) => (i ? h.padStart(16) : h.padEnd(12))).join(''));
  for (const [name, r] of Object.entries(measured)) {
    const per = r.views ? r.units : null;
    console.log([name.padEnd(12), String(r.views).padStart(16), ...kinds.map((k) => (per ? (per[k] / r.views).toFixed(2) : `${r.units[k]} total`).padStart(16))].join(''));
  }
  // A change's units = per change + per lead × leads, from the two changes (on the journeys' leads, then on
  // EXTRA_LEADS more); the mix prices one change per 10,000 page views over the leads those made.
  const [c1, c2] = [measured.config, measured.configMore];
  const perLead = Object.fromEntries(kinds.map((k) => [k, Math.max(0, (c2.units[k] - c1.units[k]) / (c2.leads - c1.leads))]));
  const perChange = Object.fromEntries(kinds.map((k) => [k, Math.max(0, c1.units[k] - perLead[k] * c1.leads)]));
  console.log(`(config: changes rescoring ${c1.leads} and ${c2.leads} leads — per lead ${kinds.map((k) => `${perLead[k].toFixed(2)} ${k}`).join(', ')}; per change ${kinds.map((k) => `${perChange[k].toFixed(0)} ${k}`).join(', ')})`);

  // The mix: per page view, 70 % anonymous, 15 % identify, 15 % returning, plus one configuration change
  // per 10,000 page views that rescores the leads those page views made (visitors ≈ page views / 4).
  const perView = (name) => Object.fromEntries(kinds.map((k) => [k, measured[name].units[k] / measured[name].views]));
  const leadsPerChange = 10_000 / 4;
  const mix = Object.fromEntries(
    kinds.map((k) => [k, 0.7 * perView('anonymous')[k] + 0.15 * perView('identify')[k] + 0.15 * perView('returning')[k] + (perChange[k] + perLead[k] * leadsPerChange) / 10_000]),
  );
  console.log('\n| per page view (the mix) | units | price | $ per million page views |');
  console.log('|---|---|---|---|');
  let total = 0;
  for (const k of kinds) {
    const dollars = mix[k] * prices.usdPerMillion[k];
    total += dollars;
    console.log(`| ${k} | ${mix[k].toFixed(2)} | $${prices.usdPerMillion[k].toFixed(2)}/M | ${dollars.toFixed(2)} |`);
  }
  console.log(`| total | | | **${total.toFixed(2)}** |`);

  // Where the units go, per journey (per page view; the configuration change per lead rescored).
  for (const [name, r] of Object.entries(measured)) {
    const per = r.views || r.leads;
    if (!per) continue;
    console.log(`\nWhere the units go (${name}, per ${r.views ? 'page view' : 'lead rescored'}):`);
    for (const [kind, labels] of Object.entries(r.meter)) {
      if (kind === 'callsPerObject') continue;
      const parts = Object.entries(labels).sort((x, y) => y[1] - x[1]).map(([l, n]) => `${l} ${(n / per).toFixed(2)}`);
      if (parts.length) console.log(`  ${kind}: ${parts.join(', ')}`);
    }
  }

  // No hot object per site (issue 14): calls per page view that each of the site's own objects received.
  console.log("\nCalls per page view to the demo site's objects (site object, each index object, insights object):");
  for (const [name, r] of Object.entries(measured)) {
    if (!r.views) continue;
    const calls = Object.entries(r.meter.callsPerObject ?? {}).filter(([k]) => / demo(\/|$)/.test(k));
    const of = (cls) => calls.filter(([k]) => k.startsWith(`${cls} `)).map(([, n]) => n / r.views);
    const index = of('index');
    console.log(
      `  ${name.padEnd(10)} site ${(of('site')[0] ?? 0).toFixed(3)}, index objects ${index.length} called, busiest ${Math.max(0, ...index).toFixed(3)}, all ${index.reduce((a, b) => a + b, 0).toFixed(3)}; insights ${(of('insights')[0] ?? 0).toFixed(3)}`,
    );
  }
} finally {
  await browser.close();
  await worker.stop();
}
