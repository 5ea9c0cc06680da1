// `npm run bench` (collector): throughput and latency of POST /v1/collect on the local runtime, as a
// ratio against a no-op route of the same Worker (GET /healthz) measured in the same run; the KV writes
// per 1,000 beacons; and the CPU per beacon. Starts `wrangler dev` (scripts/devServer.mjs) on a free
// 127.0.0.1 port with its own temporary state, on a snapshot of the Worker's files (wrangler dev reloads
// when a source file changes, which would restart the runtime mid-measurement). Bounded: a fixed number of requests,
// loopback only.
//
// Interleaved: the beacons go in rounds (round r: every visitor's beacon r), each next to a chunk of as
// many no-op requests, alternating which goes first, so that both see the same machine (the figures of
// a shared machine drift by tens of percent within a minute).
//
// CPU: the user + system time of the `wrangler dev` process tree (the workerd runtime that runs the
// Worker, its Durable Objects and the local KV and Durable Object storage simulators, and wrangler's
// Node process), read from /proc/<pid>/stat before and after each chunk. That is more than Cloudflare
// bills: it includes the runtime's HTTP serving and the simulators' storage, where each Durable Object
// is an SQLite file, each KV write a file, each commit an fsync. So the bench runs twice: with the
// simulators' state in memory (tmpfs: no disk I/O, the nearest to the Worker's own cost) and on disk
// (as `npm start` keeps it); it prints user and system time apart, and the bytes written to disk.
//
// KV writes: every score write carries the lead's running count as metadata (`writes`); after the
// first run, the server is stopped and `wrangler kv key list --local` reads every key's metadata.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statfsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { startWorker } from './devServer.mjs';
import { snapshotWorker } from './snapshotWorker.mjs';

const BEACONS = Number(process.env.BENCH_BEACONS || 10_000);
const VISITORS = Number(process.env.BENCH_VISITORS || 1_000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY || 32);
const ROUNDS = Math.ceil(BEACONS / VISITORS);
const WARMUP = 500;
/** Held-back scores are published when their minute ends: wait that long before counting KV writes. */
const FLUSH_WAIT_MS = Number(process.env.BENCH_FLUSH_MS ?? 65_000);
const TICK_MS = 1000 / Number(spawnSync('getconf', ['CLK_TCK']).stdout?.toString().trim() || 100);
const TMPFS_MAGIC = 0x01021994;

const onTmpfs = (dir) => {
  try {
    return statfsSync(dir).type === TMPFS_MAGIC;
  } catch {
    return false;
  }
};

const { temp, app } = snapshotWorker('leadpulse-bench-collector-');
const wranglerBin = resolve('node_modules/wrangler/bin/wrangler.js');
const env = { ...process.env, WRANGLER_SEND_METRICS: 'false', CLOUDFLARE_CF_FETCH_ENABLED: 'false', CI: 'true' };

// The two places the simulators keep their state: memory (when /dev/shm is a tmpfs), and the disk that
// holds the repository's .wrangler/, where `npm start` keeps it.
mkdirSync('.wrangler', { recursive: true });
const places = [
  onTmpfs('/dev/shm') ? { label: 'state in memory (tmpfs)', dir: mkdtempSync('/dev/shm/leadpulse-bench-collector-') } : null,
  onTmpfs('.wrangler') ? null : { label: 'state on disk (as npm start keeps it)', dir: mkdtempSync(join(resolve('.wrangler'), 'bench-collector-')) },
].filter(Boolean);

/** The running server (startWorker's handle). */
let worker = null;
// On exit, scripts/devServer.mjs kills a server still running; this removes the snapshot and state folders.
process.on('exit', () => {
  for (const dir of [temp, ...places.map((p) => p.dir)]) rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
});
// Interrupted: exit, so that the exit handlers run.
process.on('SIGINT', () => process.exit(130));
process.on('SIGTERM', () => process.exit(143));

/** CPU time (ms) of the process tree under `root` by command name, and the bytes it wrote to disk. */
function treeStats(root) {
  const procs = new Map();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      procs.set(Number(entry), { ppid: Number(f[1]), comm, user: Number(f[11]) * TICK_MS, sys: Number(f[12]) * TICK_MS });
    } catch {
      /* gone meanwhile */
    }
  }
  const cpu = {};
  const pids = [];
  let disk = 0;
  const walk = (pid) => {
    const p = procs.get(pid);
    if (!p) return;
    pids.push(pid);
    const name = p.comm.startsWith('workerd') ? 'workerd' : p.comm;
    cpu[`${name} user`] = (cpu[`${name} user`] ?? 0) + p.user;
    cpu[`${name} sys`] = (cpu[`${name} sys`] ?? 0) + p.sys;
    try {
      disk += Number(/^write_bytes: (\d+)$/m.exec(readFileSync(`/proc/${pid}/io`, 'utf8'))?.[1] ?? 0);
    } catch {
      /* not readable */
    }
    for (const [c, q] of procs) if (q.ppid === pid) walk(c);
  };
  walk(root);
  return { cpu, disk, pids: pids.sort().join(',') };
}

/** Runs `requests` (functions returning a fetch promise) CONCURRENCY at a time; `onBody(i, text)` sees replies. */
async function chunk(requests, onBody) {
  const latencies = [];
  let next = 0;
  let failures = 0;
  const before = treeStats(worker.pid());
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < requests.length) {
        const i = next++;
        const start = performance.now();
        const res = await requests[i]();
        const text = await res.text();
        if (res.status !== 200) failures++;
        else onBody?.(i, text);
        latencies.push(performance.now() - start);
      }
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  const after = treeStats(worker.pid());
  // A process that started or ended during the chunk would make the difference meaningless.
  if (before.pids !== after.pids) throw new Error(`the wrangler dev process tree changed during a chunk (${before.pids} → ${after.pids})`);
  const cpu = Object.fromEntries(Object.keys(after.cpu).map((k) => [k, after.cpu[k] - (before.cpu[k] ?? 0)]));
  return { n: requests.length, failures, seconds, latencies, cpu, disk: after.disk - before.disk };
}

/** Adds chunk `c` to the running totals `t`. */
function add(t, c) {
  t.n += c.n;
  t.failures += c.failures;
  t.seconds += c.seconds;
  t.latencies.push(...c.latencies);
  t.disk += c.disk;
  for (const [k, v] of Object.entries(c.cpu)) t.cpu[k] = (t.cpu[k] ?? 0) + v;
}
const totals = () => ({ n: 0, failures: 0, seconds: 0, latencies: [], cpu: {}, disk: 0 });
const sumWhere = (cpu, part) => Object.entries(cpu).reduce((s, [k, v]) => (!part || k.endsWith(part) ? s + v : s), 0);
/** Totals with rates, quantiles and per-request CPU (ms) and disk writes (KiB). */
function summary(t) {
  t.latencies.sort((a, b) => a - b);
  const q = (p) => t.latencies[Math.min(t.latencies.length - 1, Math.floor(p * t.latencies.length))];
  return { ...t, rps: t.n / t.seconds, p50: q(0.5), p95: q(0.95), p99: q(0.99), user: sumWhere(t.cpu, ' user') / t.n, sys: sumWhere(t.cpu, ' sys') / t.n, kib: t.disk / 1024 / t.n };
}
/** The collect chunks `cs` against the no-op chunks `bs`: CPU per beacon above the no-op, throughput ratio. */
function over(cs, bs) {
  const [c, b] = [totals(), totals()];
  cs.forEach((x) => add(c, x));
  bs.forEach((x) => add(b, x));
  return { cpu: (sumWhere(c.cpu) - sumWhere(b.cpu)) / c.n, ratio: c.n / c.seconds / (b.n / b.seconds) };
}

const rid = () => crypto.randomUUID().replace(/-/g, '');
const paths = ['/', '/product', '/pricing', '/blog/edge-scoring', '/careers', '/resources', '/pricing', '/contact'];
/** Beacon `round` of visitor `v`: a visit with its pageview first, then pages, downloads, a webinar sign-up. */
function beacon(visitor, round) {
  const ts = Date.now();
  const events = [];
  if (round === 0) events.push({ id: rid(), type: 'visit', ts });
  events.push({ id: rid(), type: 'pageview', ts, path: paths[(round + visitor.length) % paths.length] });
  if (round % 4 === 3) events.push({ id: rid(), type: 'download', ts, url: '/files/leadpulse-guide.pdf' });
  if (round === 7) events.push({ id: rid(), type: 'event', ts, name: 'webinar_signup' });
  return JSON.stringify({ site: 'demo', visitor, events });
}

/** One run on a fresh server whose simulators keep their state in `place.dir`; prints its figures. */
async function measure(place, countKv) {
  const state = join(place.dir, 'state');
  worker = await startWorker({ cwd: app, persistTo: state, vars: { HASH_KEY: 'bench-hash-key' } });
  const { origin } = worker;
  // As the demo site's pages send them: same-origin fetches carry an Origin header.
  const post = (body) => () => fetch(`${origin}/v1/collect`, { method: 'POST', headers: { 'Content-Type': 'text/plain', Origin: origin }, body });
  const noop = () => fetch(`${origin}/healthz`);

  // Warm up both routes (isolate start, first objects) with visitors not counted below.
  const warmVisitors = Array.from({ length: 50 }, () => `warm${rid()}`);
  await chunk(Array.from({ length: WARMUP }, () => noop));
  await chunk(Array.from({ length: WARMUP }, (_, i) => post(beacon(warmVisitors[i % 50], Math.floor(i / 50)))));

  const visitors = Array.from({ length: VISITORS }, () => `b${rid()}`);
  const collect = totals();
  const base = totals();
  const rounds = [];
  // What the contract (SPEC.md §4) makes of each reply: a visitor's first score, or a band change, is
  // published to KV at once; another change is held back until its minute ends, by the alarm.
  const lastReply = new Map();
  const pending = new Set();
  let lastBeaconAt = Date.now();
  for (let round = 0; round < ROUNDS; round++) {
    const sent = visitors.slice(0, Math.min(VISITORS, BEACONS - round * VISITORS));
    const beacons = sent.map((v) => post(beacon(v, round)));
    const noops = beacons.map(() => noop);
    let publishes = 0;
    let heldBack = 0;
    const onReply = (i, text) => {
      const reply = JSON.parse(text);
      const visitor = sent[i];
      const prev = lastReply.get(visitor);
      if ((!prev && reply.score > 0) || (prev && prev.band !== reply.band)) {
        publishes++;
        pending.delete(visitor);
      } else if (prev && prev.score !== reply.score && !pending.has(visitor)) {
        heldBack++;
        pending.add(visitor);
      }
      lastReply.set(visitor, reply);
    };
    let c, b;
    if (round % 2 === 0) {
      b = await chunk(noops);
      c = await chunk(beacons, onReply);
    } else {
      c = await chunk(beacons, onReply);
      b = await chunk(noops);
    }
    lastBeaconAt = Date.now();
    add(collect, c);
    add(base, b);
    rounds.push({ c, b, publishes, heldBack });
  }

  const c = summary(collect);
  const b = summary(base);
  const row = (name, r) =>
    `${name.padEnd(22)} ${String(r.n).padStart(6)}  ${r.rps.toFixed(0).padStart(5)}/s  p50 ${r.p50.toFixed(1).padStart(5)} ms  p95 ${r.p95.toFixed(1).padStart(5)} ms  p99 ${r.p99.toFixed(1).padStart(5)} ms  CPU ${(r.user + r.sys).toFixed(3)} ms/req (user ${r.user.toFixed(3)}, sys ${r.sys.toFixed(3)})  disk ${r.kib.toFixed(1)} KiB/req${r.failures ? `  ${r.failures} FAILED` : ''}`;
  console.log(`\n### ${place.label}\n`);
  console.log(row('GET /healthz (no-op)', b));
  console.log(row('POST /v1/collect', c));
  console.log('\nby round (CPU per beacon above the no-op, throughput ratio):');
  rounds.forEach((r, i) => {
    const o = over([r.c], [r.b]);
    const what = [
      i === 0 ? `${r.c.n} new visitors, each creating its Durable Object (an SQLite file here)` : '',
      r.publishes ? `${r.publishes} publish to KV at once (first score or band change) and update the lead index` : '',
      r.heldBack ? `${r.heldBack} hold a changed score back (alarm set for the end of its minute)` : '',
    ]
      .filter(Boolean)
      .join('; ');
    console.log(`  round ${String(i + 1).padStart(2)}: ${o.cpu.toFixed(3)} ms, ratio ${o.ratio.toFixed(2)}${what ? `   ${what}` : ''}`);
  });
  const quiet = rounds.filter((r, i) => i > 0 && !r.publishes && !r.heldBack);
  const steady = quiet.length ? over(quiet.map((r) => r.c), quiet.map((r) => r.b)) : null;
  const result = { label: place.label, ratio: c.rps / b.rps, user: c.user - b.user, sys: c.sys - b.sys, kib: c.kib - b.kib, steady, failures: c.failures + b.failures };
  console.log(`
throughput ratio collect / no-op: ${result.ratio.toFixed(2)}${steady ? `; ${steady.ratio.toFixed(2)} for beacons that only add to a history (${quiet.length} rounds)` : ''}
latency: p50 ${c.p50.toFixed(1)} ms (no-op ${b.p50.toFixed(1)} ms), p99 ${c.p99.toFixed(1)} ms (no-op ${b.p99.toFixed(1)} ms)
CPU per beacon above the no-op: ${(result.user + result.sys).toFixed(3)} ms = user ${result.user.toFixed(3)} ms + system ${result.sys.toFixed(3)} ms${steady ? `; ${steady.cpu.toFixed(3)} ms for beacons that only add to a history` : ''}
disk writes per beacon: ${result.kib.toFixed(1)} KiB`);

  if (countKv) {
    // Let the held-back scores be published when their minute ends, then count KV writes from KV itself.
    await new Promise((r) => setTimeout(r, Math.max(0, lastBeaconAt + FLUSH_WAIT_MS - Date.now())));
    await worker.stop();
    const listed = spawnSync(process.execPath, [wranglerBin, 'kv', 'key', 'list', '--binding', 'SCORES', '--local', '--persist-to', state], { env, cwd: app, encoding: 'utf8', maxBuffer: 64 << 20 });
    if (listed.status !== 0) throw new Error(`wrangler kv key list failed:\n${listed.stderr}`);
    const scores = JSON.parse(listed.stdout.slice(listed.stdout.indexOf('['))).filter((k) => k.name.startsWith('s:demo/v/b'));
    const writes = scores.reduce((s, k) => s + (k.metadata?.writes ?? 0), 0);
    console.log(
      `KV writes: ${writes} for ${c.n} beacons of ${scores.length} leads = ${((writes / c.n) * 1000).toFixed(0)} per 1,000 beacons (including the end-of-minute publishes; at most one per lead per band change or minute)`,
    );
  } else {
    await worker.stop();
  }
  rmSync(place.dir, { recursive: true, force: true });
  return result;
}

try {
  console.log(
    `${BEACONS} beacons across ${VISITORS} visitors (site demo, default rules), ${CONCURRENCY} concurrent connections, loopback; wrangler dev (local mode).\n` +
      `Interleaved with as many GET /healthz (a no-op route of the same Worker) in ${ROUNDS} rounds: round r sends every visitor's beacon r.\n`,
  );
  const results = [];
  for (const [i, place] of places.entries()) results.push(await measure(place, i === 0));
  console.log(`
Goals: throughput ratio ≥ 0.5 and CPU per beacon above the no-op < 1 ms.
${results.map((r) => `  ${r.label}: ratio ${r.ratio.toFixed(2)}, CPU ${(r.user + r.sys).toFixed(3)} ms per beacon`).join('\n')}
CPU is the wrangler dev process tree's, so it counts more than the Worker's own: user time includes SQLite and the
simulators' own JavaScript; system time is mostly the simulators' disk writes (a file and a few fsyncs per new
Durable Object, a file per KV write, an fsync per commit), which a deployed Worker does not pay as CPU time.`);
  if (results.some((r) => r.failures)) process.exit(1);
} catch (err) {
  console.error(err);
  process.exit(1);
}
