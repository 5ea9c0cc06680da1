// `npm run bench` (leads): how fast the first page of GET /v1/leads answers with 10,000 leads. Starts
// `wrangler dev` on a free port with its own temporary state, seeds the leads through the real collect
// API, then times the first page against a baseline in the same run: the same route on a site of 10 leads.
import { startWorker } from './devServer.mjs';

const LEADS = Number(process.env.BENCH_LEADS || 10_000);
const SMALL = 10;
const RUNS = 200;
const CONCURRENCY = 16;
const TOKEN = 'bench-token';

// Interrupted: exit, so that scripts/devServer.mjs's exit handler stops the server and removes its state.
process.on('SIGINT', () => process.exit(130));
process.on('SIGTERM', () => process.exit(143));
const worker = await startWorker({ vars: { API_TOKEN: TOKEN } });
const origin = worker.origin;

const auth = { Authorization: `Bearer ${TOKEN}` };
const rid = () => crypto.randomUUID().replace(/-/g, '');
const config = {
  origins: [],
  rules: [
    { id: 'p1', when: { type: 'event', name: 'p1' }, points: 1 },
    { id: 'p10', when: { type: 'event', name: 'p10' }, points: 10 },
  ],
  bands: { warm: 40, hot: 80 },
  // A seeded lead gets up to 19 events of one name in one beacon: above the default caps on custom events.
  limits: { customEventsPerVisit: 100, customEventsPerDay: 100 },
};

async function putSite(site) {
  const res = await fetch(`${origin}/v1/sites/${site}/config`, { method: 'PUT', headers: { ...auth, 'Content-Type': 'application/json' }, body: JSON.stringify(config) });
  if (res.status !== 201) throw new Error(`PUT ${site}: ${res.status} ${await res.text()}`);
}

/** One lead with score `score` (0–100): tens as p10 events, ones as p1 events, in one beacon. */
async function seedLead(site, score) {
  const ts = Date.now();
  const events = [...Array.from({ length: Math.floor(score / 10) }, () => 'p10'), ...Array.from({ length: score % 10 }, () => 'p1')].map((name) => ({ id: rid(), type: 'event', ts, name }));
  if (!events.length) events.push({ id: rid(), type: 'visit', ts });
  const body = JSON.stringify({ site, visitor: `b${rid()}`.slice(0, 24), events });
  // wrangler dev reloads the Worker when a source file changes and answers 503 meanwhile; event ids make
  // a resend count once.
  for (let attempt = 1; ; attempt++) {
    const res = await fetch(`${origin}/v1/collect`, { method: 'POST', headers: { 'Content-Type': 'text/plain' }, body }).catch(() => null);
    if (res?.status === 200) return;
    if (attempt === 10 || (res && res.status !== 503)) throw new Error(`collect: ${res?.status} ${await res?.text()}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

/** The score of the i-th seeded lead: 0–100, spread evenly. */
const seededScore = (i) => (i * 37) % 101;

async function seed(site, n) {
  let next = 0;
  let done = 0;
  const started = Date.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < n) {
        const i = next++;
        await seedLead(site, seededScore(i));
        if (++done % 1000 === 0) process.stdout.write(`  seeded ${done} leads (${((Date.now() - started) / 1000).toFixed(0)} s)\n`);
      }
    }),
  );
}

async function time(path) {
  const t = performance.now();
  const res = await fetch(`${origin}${path}`, { headers: auth });
  const body = await res.json();
  const ms = performance.now() - t;
  if (res.status !== 200) throw new Error(`${path}: ${res.status} ${JSON.stringify(body)}`);
  return { ms, body };
}

const pct = (xs, p) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil((p / 100) * xs.length) - 1)];

try {
  await putSite('bench');
  await putSite('small');
  console.log(`Seeding ${LEADS} leads through POST /v1/collect (${CONCURRENCY} at a time)…`);
  const seedStart = Date.now();
  await seed('bench', LEADS);
  await seed('small', SMALL);
  console.log(`  done in ${((Date.now() - seedStart) / 1000).toFixed(1)} s`);

  const cases = {
    [`first page, ${LEADS} leads`]: `/v1/leads?site=bench&limit=50`,
    [`first page, ${LEADS} leads, band=hot`]: `/v1/leads?site=bench&limit=50&band=hot`,
    [`first page, ${LEADS} leads, band=cold`]: `/v1/leads?site=bench&limit=50&band=cold`,
    [`baseline: first page, ${SMALL} leads`]: `/v1/leads?site=small&limit=50`,
  };
  const first = await time(cases[`first page, ${LEADS} leads`]);
  const stats = await time('/v1/stats?site=bench');
  // An anonymous visitor that never scored is not listed (issue 14): the seeded leads of score 0 are not.
  const listed = Array.from({ length: LEADS }, (_, i) => seededScore(i)).filter((score) => score > 0).length;
  if (stats.body.total !== listed) throw new Error(`expected ${listed} of the ${LEADS} seeded leads in the index (those that scored), found ${stats.body.total}`);
  if (first.body.leads.length !== 50 || first.body.leads[0].score !== 100 || !first.body.cursor) throw new Error('unexpected first page');

  const samples = Object.fromEntries(Object.keys(cases).map((k) => [k, []]));
  for (let i = 0; i < 20; i++) for (const path of Object.values(cases)) await time(path); // warm-up
  for (let i = 0; i < RUNS; i++) for (const [k, path] of Object.entries(cases)) samples[k].push((await time(path)).ms);

  console.log(`\nGET /v1/leads under wrangler dev (local mode), ${RUNS} sequential runs each, interleaved:\n`);
  console.log(`${'case'.padEnd(40)} ${'median'.padStart(9)} ${'p95'.padStart(9)}`);
  for (const [k, xs] of Object.entries(samples)) console.log(`${k.padEnd(40)} ${pct(xs, 50).toFixed(2).padStart(7)}ms ${pct(xs, 95).toFixed(2).padStart(7)}ms`);
  const base = pct(samples[`baseline: first page, ${SMALL} leads`], 50);
  const big = pct(samples[`first page, ${LEADS} leads`], 50);
  console.log(`\nratio, first page with ${LEADS} leads / with ${SMALL} leads (medians): ${(big / base).toFixed(2)}×`);
} catch (err) {
  console.error(err);
  process.exitCode = 1;
}
await worker.stop();
process.exit();
