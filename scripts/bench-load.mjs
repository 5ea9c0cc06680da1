// `npm run bench` (load): POST /v1/collect under load on the local runtime — at least 5,000 distinct visitors
// sending the beacons the SDK sends (a visit with its pageview, engaged time at page hide, downloads), as fast
// as this machine answers them — against a no-op route of the same Worker (GET /healthz) in the same run.
// Prints every status seen (the goal: no response ≥ 500), throughput of both and their ratio, p50/p99 of
// both, and the memory of the runtime per live visitor object (issue 14: workerd logged SQLITE_NOMEM with
// about 4,000 live visitor objects). Starts `wrangler dev` with scripts/devServer.mjs on a snapshot of the
// Worker's files (a source change would reload the runtime mid-run) and stops its whole process tree.
//
// The beacons go in rounds (round r: beacon r of every visitor, in a shuffled order), cut into chunks of
// CHUNK beacons, each beside as many no-op requests, alternating which goes first, so that both see the
// same machine. Closed loop: CONCURRENCY requests in flight, each sent when one returns — the highest rate
// this machine sustains, with the runtime, this client and the other processes sharing its cores.
import { mkdtempSync, readdirSync, readFileSync, rmSync, statfsSync } from 'node:fs';
import { join } from 'node:path';
import { startWorker } from './devServer.mjs';
import { snapshotWorker } from './snapshotWorker.mjs';
import { groupMembers, processes } from './processTable.mjs';

const VISITORS = Number(process.env.BENCH_LOAD_VISITORS || 5_000);
const CONCURRENCY = Number(process.env.BENCH_LOAD_CONCURRENCY || 64);
const CHUNK = 1_000;
/** After the run, how long to wait idle and read the runtime's memory again (objects are evicted when idle). */
const IDLE_MS = Number(process.env.BENCH_LOAD_IDLE_MS ?? 0);
const TMPFS_MAGIC = 0x01021994;

// Interrupted: exit, so that scripts/devServer.mjs's exit handler stops the server and the folders go.
process.on('SIGINT', () => process.exit(130));
process.on('SIGTERM', () => process.exit(143));

const { temp, app } = snapshotWorker('leadpulse-bench-load-');
// The simulators' state in memory when /dev/shm is a tmpfs: the disk of a shared machine would measure
// the other processes' writes more than the Worker.
const inMemory = (() => {
  try {
    return statfsSync('/dev/shm').type === TMPFS_MAGIC;
  } catch {
    return false;
  }
})();
const stateDir = inMemory ? mkdtempSync('/dev/shm/leadpulse-bench-load-') : join(temp, 'state');
process.on('exit', () => {
  for (const dir of [temp, stateDir]) rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
});

const rid = () => crypto.randomUUID().replace(/-/g, '');
const pages = ['/', '/product', '/pricing', '/blog/edge-scoring', '/resources', '/careers', '/contact'];

/**
 * Beacon `round` of a visitor, as the SDK sends it: the first page's visit and pageview at load; at each
 * page hide the engaged time of the page left, with the next page's pageview; a download on the third page.
 */
function beacon(visitor, k, round) {
  const ts = Date.now();
  const page = (r) => pages[(k + r) % pages.length];
  const events = [];
  if (round === 0) events.push({ id: rid(), type: 'visit', ts });
  else events.push({ id: rid(), type: 'engaged', ts, path: page(round - 1), ms: 4_000 + ((k * 7919 + round * 104_729) % 90_000) });
  if (round === 2) events.push({ id: rid(), type: 'download', ts, url: '/files/leadpulse-guide.pdf' });
  events.push({ id: rid(), type: 'pageview', ts, path: page(round), title: 'Leadpulse demo', ...(round ? { referrer: '' } : {}) });
  return JSON.stringify({ site: 'demo', visitor, events });
}
const ROUNDS = 3;

/** The runtime's memory: resident set of its workerd processes (KiB), their open files and the least open-file limit. */
function runtimeMemory(pgid) {
  let rssKiB = 0;
  let files = 0;
  let limit = Infinity;
  for (const p of groupMembers(pgid, processes())) {
    if (!p.name.startsWith('workerd')) continue;
    try {
      rssKiB += Number(/^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${p.pid}/status`, 'utf8'))?.[1] ?? 0);
      files = Math.max(files, readdirSync(`/proc/${p.pid}/fd`).length);
      limit = Math.min(limit, Number(/^Max open files\s+(\d+)/m.exec(readFileSync(`/proc/${p.pid}/limits`, 'utf8'))?.[1] ?? Infinity));
    } catch {
      /* gone meanwhile */
    }
  }
  return { rssKiB, files, limit };
}

/** Sends `requests` (functions returning a fetch promise), CONCURRENCY at a time; statuses and latencies. */
async function chunk(requests) {
  const latencies = [];
  const statuses = {};
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < requests.length) {
        const i = next++;
        const start = performance.now();
        let status;
        try {
          const res = await requests[i]();
          const body = await res.text();
          status = String(res.status);
          if (res.status >= 500 && failures.length < 5) failures.push(`${res.status} ${body.slice(0, 200)}`);
        } catch (err) {
          status = `no answer (${err.cause?.code ?? err.name})`;
        }
        statuses[status] = (statuses[status] ?? 0) + 1;
        latencies.push(performance.now() - start);
      }
    }),
  );
  return { n: requests.length, seconds: (performance.now() - t0) / 1000, latencies, statuses };
}

/** The first replies ≥ 500, as they came. */
const failures = [];
const totals = () => ({ n: 0, seconds: 0, latencies: [], statuses: {} });
function add(t, c) {
  t.n += c.n;
  t.seconds += c.seconds;
  t.latencies.push(...c.latencies);
  for (const [s, n] of Object.entries(c.statuses)) t.statuses[s] = (t.statuses[s] ?? 0) + n;
}
function summary(t) {
  const sorted = [...t.latencies].sort((a, b) => a - b);
  const q = (p) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
  const failed = Object.entries(t.statuses).reduce((s, [k, n]) => (/^\d+$/.test(k) && Number(k) < 500 ? s : s + n), 0);
  return { ...t, rps: t.n / t.seconds, p50: q(0.5), p99: q(0.99), max: sorted.at(-1), failed };
}
const shuffle = (xs) => {
  for (let i = xs.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [xs[i], xs[j]] = [xs[j], xs[i]];
  }
  return xs;
};

/** What the runtime logged that names the failures of issue 14. */
const logged = { SQLITE_NOMEM: 0, durableObjectReset: 0, 'Too many open files': 0 };
let logTail = '';
const onOutput = (text) => {
  const lines = (logTail + text).split('\n');
  logTail = lines.pop();
  for (const line of lines) for (const k of Object.keys(logged)) if (line.includes(k)) logged[k]++;
};
const worker = await startWorker({ cwd: app, persistTo: join(stateDir, 'state'), vars: { HASH_KEY: 'bench-hash-key' }, onOutput });
const pgid = worker.pid();
let code = 0;
try {
  const { origin } = worker;
  const post = (body) => () => fetch(`${origin}/v1/collect`, { method: 'POST', headers: { 'Content-Type': 'text/plain', Origin: origin }, body });
  const noop = () => fetch(`${origin}/healthz`);
  console.log(
    `${VISITORS} visitors × ${ROUNDS} beacons (visit + pageview; engaged + pageview; engaged + download + pageview) to site demo, ` +
      `${CONCURRENCY} requests in flight, loopback; wrangler dev (local mode), simulators' state ${inMemory ? 'in memory (tmpfs)' : 'on disk'}.\n` +
      `Each chunk of ${CHUNK} beacons beside ${CHUNK} GET /healthz (no-op route of the same Worker), alternating which goes first.\n`,
  );

  // Warm-up (isolate start, the site's configuration, the first objects): 200 of each, not counted.
  await chunk(Array.from({ length: 200 }, () => noop));
  await chunk(Array.from({ length: 200 }, (_, i) => post(beacon(`warm${rid()}`, i, 0))));

  const visitors = Array.from({ length: VISITORS }, () => `v${rid()}`.slice(0, 22));
  const before = runtimeMemory(pgid);
  let peak = before;
  const sampler = setInterval(() => {
    const m = runtimeMemory(pgid);
    if (m.rssKiB > peak.rssKiB) peak = { ...m, files: Math.max(m.files, peak.files) };
    else if (m.files > peak.files) peak = { ...peak, files: m.files };
  }, 500);
  const collect = totals();
  const base = totals();
  const afterRound = [];
  let k = 0;
  for (let round = 0; round < ROUNDS; round++) {
    const order = shuffle(visitors.map((v, i) => [v, i]));
    for (let from = 0; from < order.length; from += CHUNK) {
      const beacons = order.slice(from, from + CHUNK).map(([v, i]) => post(beacon(v, i, round)));
      const noops = beacons.map(() => noop);
      if (k++ % 2 === 0) {
        add(base, await chunk(noops));
        add(collect, await chunk(beacons));
      } else {
        add(collect, await chunk(beacons));
        add(base, await chunk(noops));
      }
    }
    afterRound.push(runtimeMemory(pgid));
  }
  clearInterval(sampler);

  const c = summary(collect);
  const b = summary(base);
  const row = (name, r) =>
    `${name.padEnd(22)} ${String(r.n).padStart(6)} requests  ${r.rps.toFixed(0).padStart(5)}/s  p50 ${r.p50.toFixed(1).padStart(6)} ms  p99 ${r.p99.toFixed(1).padStart(6)} ms  max ${r.max.toFixed(0).padStart(6)} ms  statuses ${JSON.stringify(r.statuses)}`;
  console.log(row('GET /healthz (no-op)', b));
  console.log(row('POST /v1/collect', c));
  console.log(`\nresponses ≥ 500 (or no answer): ${c.failed} of ${c.n} beacons, ${b.failed} of ${b.n} no-op requests`);
  console.log(`throughput ratio collect / no-op: ${(c.rps / b.rps).toFixed(2)} (${c.rps.toFixed(0)}/s against ${b.rps.toFixed(0)}/s)`);
  console.log(`latency: p50 ${c.p50.toFixed(1)} ms (no-op ${b.p50.toFixed(1)} ms), p99 ${c.p99.toFixed(1)} ms (no-op ${b.p99.toFixed(1)} ms)`);

  const mib = (kib) => (kib / 1024).toFixed(0);
  console.log(`\nruntime memory (workerd processes' resident set; open files of the busiest workerd process, its limit ${before.limit}):`);
  console.log(`  before the ${VISITORS} visitors: ${mib(before.rssKiB)} MiB, ${before.files} files`);
  afterRound.forEach((m, r) => console.log(`  after round ${r + 1}: ${mib(m.rssKiB)} MiB, ${m.files} files`));
  console.log(`  peak: ${mib(peak.rssKiB)} MiB — ${((peak.rssKiB - before.rssKiB) / VISITORS).toFixed(1)} KiB per visitor object above the start; ${peak.files} open files at most`);
  console.log(`runtime log: ${Object.entries(logged).map(([k, n]) => `${n} × ${k}`).join(', ')}`);
  if (IDLE_MS) {
    await new Promise((r) => setTimeout(r, IDLE_MS));
    const idle = runtimeMemory(pgid);
    console.log(`  after ${IDLE_MS / 1000} s idle: ${mib(idle.rssKiB)} MiB, ${idle.files} files`);
  }
  if (failures.length) console.log(`first replies ≥ 500:\n  ${failures.join('\n  ')}`);
  if (c.failed || b.failed) code = 1;
} catch (err) {
  console.error(err);
  code = 1;
} finally {
  await worker.stop();
  const left = groupMembers(pgid, processes());
  console.log(`\nserver stopped: ${left.length} of its processes left${left.length ? ` (${left.map((p) => `${p.pid} ${p.name}`).join(', ')})` : ''}`);
  if (left.length) code = 1;
}
process.exit(code);
