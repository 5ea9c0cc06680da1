// `npm run simulate`: a few thousand visitors whose chance to convert follows a known model, sent through the
// real collector over HTTP, then their outcomes posted as a CRM would — so that insights, lead confidence and
// the dashboard can be checked against the truth. Used by e2e/simulate.test.ts; against `npm start` it fills
// a site (`sim` by default) for the dashboard.
//
// The model (logistic): logit p = −2.5 + 1.2·pricing + 1.8·webinar − 1.6·careers + 0·brochure, where each
// signal is had by a visitor independently (pricing 40 %, webinar 15 %, careers 15 %, brochure 35 %). So the
// true order of lift is webinar > pricing > brochure (pure noise, lift 1) > careers. Every visitor also
// reads a few blog posts (noise) and is identified as `sim-<n>@example.test`. After a win, a customer visits
// /customers/onboarding: a signal that comes after the outcome, which insights must never count.
//
//   npm run simulate -- [--origin http://127.0.0.1:8787] [--site sim] [--visitors 3000] [--seed 1] [--token …]
//
// The token defaults to API_TOKEN in .dev.vars (what `npm start` uses).
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { seeded } from './seeded.mjs';

const DAY = 86_400_000;
const HOUR = 3_600_000;

/** The known model: intercept and the weight of each signal on the log-odds of winning. */
export const MODEL = { intercept: -2.5, weights: { pricing: 1.2, webinar: 1.8, careers: -1.6, brochure: 0 }, prevalence: { pricing: 0.4, webinar: 0.15, careers: 0.15, brochure: 0.35 } };

/** The simulated site's rules: careers has none (insights should find it), the brochure is noise. */
export const SIM_CONFIG = {
  origins: [],
  rules: [
    { id: 'pricing', when: { type: 'pageview', path: '/pricing{/*}?' }, points: 10, max: 30 },
    { id: 'webinar', when: { type: 'event', name: 'webinar_signup' }, points: 40 },
    { id: 'brochure', when: { type: 'download', path: '/files/brochure.pdf' }, points: 10 },
    { id: 'visits', when: { type: 'visit' }, points: 5, max: 25 },
  ],
  bands: { warm: 40, hot: 80 },
  outcome: 'won',
  // Identify is signed, as a real site's server signs it (docs/api.md, "Signed identify"): the simulator
  // is that server, with a secret of its own.
  identify: { signed: true, secret: 'sim-identify-secret-0123456789abcdef' },
};

/** The site's signature of a lead id: hex HMAC-SHA256 of the id (trimmed, lower-cased when an e-mail address). */
function sign(lead) {
  const id = lead.trim();
  return createHmac('sha256', SIM_CONFIG.identify.secret).update(id.includes('@') ? id.toLowerCase() : id).digest('hex');
}


const logistic = (x) => 1 / (1 + Math.exp(-x));

/** The visitors of a run: their signals, true probability, outcome and the times of it all. */
export function makeVisitors(count, seed, now) {
  const rnd = seeded(seed);
  const id = (n) => Array.from({ length: n }, () => 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'[Math.floor(rnd() * 64)]).join('');
  return Array.from({ length: count }, (_, i) => {
    const signals = Object.fromEntries(Object.entries(MODEL.prevalence).map(([k, p]) => [k, rnd() < p]));
    const logit = MODEL.intercept + Object.entries(MODEL.weights).reduce((x, [k, w]) => x + (signals[k] ? w : 0), 0);
    const p = logistic(logit);
    const won = rnd() < p;
    const start = now - 6 * DAY + Math.floor(rnd() * 3 * DAY);
    return {
      visitor: id(22),
      lead: `sim-${String(i).padStart(5, '0')}@example.test`,
      signals,
      p,
      won,
      // Some of those who did not win are marked lost by the CRM; the others are still open.
      lost: !won && rnd() < 0.3,
      visits: 1 + Math.floor(rnd() * 3),
      pricingViews: 1 + Math.floor(rnd() * 3),
      blog: Math.floor(rnd() * 4),
      start,
      outcomeAt: now - DAY - Math.floor(rnd() * 12 * HOUR),
      eventId: () => id(22),
    };
  });
}

/** The events of one visitor before its outcome: visits, pages, downloads, the webinar, then identify. */
function eventsBefore(v) {
  const events = [];
  let t = v.start;
  const next = () => (t += 3 * 60_000);
  const push = (e) => events.push({ id: v.eventId(), ts: next(), ...e });
  for (let k = 0; k < v.visits; k++) {
    if (k) t += 8 * HOUR;
    push({ type: 'visit' });
    push({ type: 'pageview', path: '/' });
  }
  for (let k = 0; k < v.blog; k++) push({ type: 'pageview', path: `/blog/post-${1 + ((k * 7 + v.visitor.charCodeAt(0)) % 5)}` });
  if (v.signals.pricing) for (let k = 0; k < v.pricingViews; k++) push({ type: 'pageview', path: '/pricing' });
  if (v.signals.brochure) push({ type: 'download', url: 'https://sim.example/files/brochure.pdf' });
  if (v.signals.careers) push({ type: 'pageview', path: '/careers' });
  if (v.signals.webinar) push({ type: 'event', name: 'webinar_signup' });
  push({ type: 'identify', lead: v.lead, sig: sign(v.lead) });
  return events;
}

async function send(origin, body) {
  for (let attempt = 1; ; attempt++) {
    const res = await fetch(`${origin}/v1/collect`, { method: 'POST', headers: { 'Content-Type': 'text/plain' }, body: JSON.stringify(body) }).catch(() => null);
    if (res?.status === 200) return;
    // wrangler dev answers 503 while it reloads; event ids make a resend count once.
    if (attempt === 10 || (res && res.status !== 503)) throw new Error(`collect: ${res?.status} ${await res?.text()}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

/**
 * A marketer API call. Every call made here is idempotent (a configuration PUT, outcomes by id), so a 503 —
 * wrangler dev answering "Your worker restarted mid-request" for a POST when its runtime restarts under load —
 * is sent again; `retried` says so (items a lost attempt stored then come back as `duplicate`).
 */
async function api(origin, token, path, init = {}) {
  for (let attempt = 1; ; attempt++) {
    const res = await fetch(`${origin}${path}`, { ...init, headers: { Authorization: `Bearer ${token}`, ...init.headers } });
    if (res.ok) return Object.assign(res, { retried: attempt > 1 });
    const text = await res.text();
    if (res.status !== 503 || attempt === 10) throw new Error(`${init.method ?? 'GET'} ${path}: ${res.status} ${text}`);
    await new Promise((r) => setTimeout(r, 1_000));
  }
}

async function pool(items, concurrency, run) {
  let next = 0;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < items.length) await run(items[next++]);
  }));
}

/**
 * Runs the simulation against a running collector: configures `site`, sends every visitor's beacons,
 * posts the outcomes (wins as JSON, losses as CSV) and the customers' later visits. Returns the visitors
 * with their truth, and what the API answered.
 */
export async function simulate({ origin, token, site = 'sim', visitors = 3000, seed = 1, concurrency = 16, log = () => {} }) {
  const now = Date.now();
  const people = makeVisitors(visitors, seed, now);
  await api(origin, token, `/v1/sites/${site}/config`, { method: 'PUT', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(SIM_CONFIG) });
  const started = Date.now();
  let done = 0;
  await pool(people, concurrency, async (v) => {
    await send(origin, { site, visitor: v.visitor, events: eventsBefore(v) });
    if (++done % 500 === 0) log(`  ${done} visitors sent (${((Date.now() - started) / 1000).toFixed(0)} s)`);
  });

  const wins = people.filter((v) => v.won);
  const results = { recorded: 0, duplicate: 0, unknownLead: 0, invalid: 0 };
  const tally = async (res) => {
    const body = await res.json();
    // A batch sent again after a lost attempt: what that attempt stored was recorded by this batch.
    if (res.retried) {
      body.recorded += body.duplicate;
      body.duplicate = 0;
    }
    for (const k of Object.keys(results)) results[k] += body[k];
    // Every outcome names a lead the simulator made: anything else is a bug worth stopping for.
    const bad = body.results.find((r) => r.result === 'invalid' || r.result === 'unknown_lead');
    if (bad) throw new Error(`outcome ${bad.index}: ${bad.result}: ${bad.message}`);
  };
  for (let i = 0; i < wins.length; i += 1000) {
    const conversions = wins.slice(i, i + 1000).map((v) => ({ id: `won-${v.lead.split('@')[0]}`, lead: v.lead, outcome: 'won', at: new Date(v.outcomeAt).toISOString(), value: 1000 + Math.round(v.p * 9000) }));
    await tally(await api(origin, token, `/v1/conversions?site=${site}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ conversions }) }));
  }
  const losses = people.filter((v) => v.lost);
  for (let i = 0; i < losses.length; i += 1000) {
    const csv = ['lead,outcome,at,value', ...losses.slice(i, i + 1000).map((v) => `${v.lead},lost,${new Date(v.outcomeAt).toISOString()},`)].join('\r\n');
    await tally(await api(origin, token, `/v1/conversions?site=${site}`, { method: 'POST', headers: { 'Content-Type': 'text/csv' }, body: csv }));
  }
  // Customers after the win: onboarding pages, which happened after the outcome and must not count.
  await pool(wins, concurrency, (v) => send(origin, { site, visitor: v.visitor, events: [{ id: v.eventId(), type: 'pageview', ts: now - 12 * HOUR, path: '/customers/onboarding' }] }));
  log(`  ${people.length} visitors, ${wins.length} won, ${losses.length} lost, in ${((Date.now() - started) / 1000).toFixed(0)} s; outcomes: ${JSON.stringify(results)}`);
  // What each lead noted for insights reaches them with its index write, batched a minute per index object:
  // wait until every lead is counted (a few minutes at most).
  const deadline = Date.now() + 5 * 60_000;
  for (;;) {
    const insights = await (await api(origin, token, `/v1/sites/${site}/insights`)).json();
    if (insights.overall.leads >= people.length) break;
    if (Date.now() > deadline) throw new Error(`insights count ${insights.overall.leads} of ${people.length} leads after 5 minutes`);
    log(`  insights count ${insights.overall.leads} of ${people.length} leads; waiting for the batches (a minute each)`);
    await new Promise((r) => setTimeout(r, 10_000));
  }
  return { people, results };
}

/** A printable summary of what insights recovered. */
export function summary(insights) {
  const lines = [`overall: ${insights.overall.conversions} of ${insights.overall.leads} leads won (${(insights.overall.rate * 100).toFixed(1)} %)`];
  const fmt = (x) => (x === null ? '—' : x.toFixed(2));
  const rows = [...insights.rules.map((r) => ({ name: `rule ${r.rule}`, ...r })), ...insights.candidates.map((c) => ({ name: `candidate ${c.key}`, ...c }))].filter((r) => r.lift !== null).sort((a, b) => b.lift - a.lift);
  lines.push('signals by lift (95 % interval), suggested points:');
  for (const r of rows) lines.push(`  ${r.name.padEnd(34)} lift ${fmt(r.lift)} [${fmt(r.interval.low)}, ${fmt(r.interval.high)}]  leads ${String(r.leads).padStart(5)}  won ${String(r.conversions).padStart(4)}  points ${r.points ?? '—'} → ${r.suggestedPoints}`);
  const c = insights.calibration;
  lines.push(`calibration: ${c.ready ? 'ready' : c.reason}; Brier ${fmt(c.brier)} (one rate for all: ${fmt(c.baselineBrier)}), ROC AUC ${fmt(c.auc)}`);
  for (const b of c.buckets) lines.push(`  scores ${String(b.from).padStart(3)}–${String(b.to).padEnd(3)}  leads ${String(b.leads).padStart(5)}  observed ${(b.rate * 100).toFixed(1).padStart(5)} % [${(b.low * 100).toFixed(1)}, ${(b.high * 100).toFixed(1)}]  confidence ${b.probability === null ? '—' : (b.probability * 100).toFixed(1) + ' %'}`);
  return lines.join('\n');
}

function arg(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
}

function devToken() {
  try {
    return /^API_TOKEN="?([^"\n]*)"?$/m.exec(readFileSync('.dev.vars', 'utf8'))?.[1];
  } catch {
    return undefined;
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const origin = arg('origin', 'http://127.0.0.1:8787');
  const site = arg('site', 'sim');
  const token = arg('token', process.env.LEADPULSE_TOKEN ?? devToken());
  if (!token) {
    console.error('No API token: run npm start once (it writes .dev.vars), or pass --token.');
    process.exit(1);
  }
  const health = await fetch(`${origin}/healthz`).catch(() => null);
  if (!health?.ok) {
    console.error(`No collector at ${origin}: start it with npm start, or pass --origin.`);
    process.exit(1);
  }
  console.log(`Simulating on ${origin}, site '${site}'…`);
  await simulate({ origin, token, site, visitors: Number(arg('visitors', 3000)), seed: Number(arg('seed', 1)), log: console.log });
  const insights = await (await api(origin, token, `/v1/sites/${site}/insights`)).json();
  console.log(`\n${summary(insights)}\n\nSee it on the dashboard: ${origin}/dashboard?site=${site}`);
}
