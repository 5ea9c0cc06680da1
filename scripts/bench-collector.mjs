// `npm run bench` (collector): throughput and latency of POST /v1/collect on the local runtime, as a
// ratio against a no-op route of the same Worker (GET /healthz) measured in the same run; the KV writes
// per 1,000 beacons; and the CPU per beacon. Starts `wrangler dev` on a free 127.0.0.1 port with its
// own temporary state, on a snapshot of the Worker's files (wrangler dev reloads when a source file
// changes, which would restart the runtime mid-measurement). Bounded: a fixed number of requests,
// loopback only.
//
// CPU: the user + system time of the `wrangler dev` process tree (the workerd runtime that runs the
// Worker, its Durable Objects and the local KV, and wrangler's Node process), read from
// /proc/<pid>/stat before and after each phase. That is more than Cloudflare bills (it includes the
// runtime's HTTP serving and the local storage engines), so the no-op route's figure is given beside it.
//
// KV writes: every score write carries the lead's running count as metadata (`writes`); after the run,
// the server is stopped and `wrangler kv key list --local` reads every key's metadata.
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const BEACONS = Number(process.env.BENCH_BEACONS || 10_000);
const VISITORS = Number(process.env.BENCH_VISITORS || 1_000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY || 32);
const WARMUP = 500;
/** Held-back scores are published when their minute ends: wait that long before counting KV writes. */
const FLUSH_WAIT_MS = Number(process.env.BENCH_FLUSH_MS ?? 65_000);
const TICK_MS = 1000 / Number(spawnSync('getconf', ['CLK_TCK']).stdout?.toString().trim() || 100);

const freePort = () =>
  new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });

const temp = mkdtempSync(join(tmpdir(), 'leadpulse-bench-collector-'));
const state = join(temp, 'state');
const app = join(temp, 'app');
for (const f of ['wrangler.toml', 'package.json', 'tsconfig.json', 'collector/src', 'demo-site']) cpSync(f, join(app, f), { recursive: true });
symlinkSync(resolve('node_modules'), join(app, 'node_modules'));
const wranglerBin = resolve('node_modules/wrangler/bin/wrangler.js');
const port = await freePort();
const origin = `http://127.0.0.1:${port}`;
const env = { ...process.env, WRANGLER_SEND_METRICS: 'false', CLOUDFLARE_CF_FETCH_ENABLED: 'false', CI: 'true' };
let log = '';
const child = spawn(
  process.execPath,
  [wranglerBin, 'dev', '--ip', '127.0.0.1', '--port', String(port), '--inspector-port', String(await freePort()), '--persist-to', state, '--show-interactive-dev-session=false', '--log-level', 'warn'],
  { env, cwd: app, stdio: ['ignore', 'pipe', 'pipe'] },
);
child.stdout.on('data', (d) => (log += d));
child.stderr.on('data', (d) => (log += d));

function cleanup() {
  if (child.exitCode === null) child.kill('SIGTERM');
  rmSync(temp, { recursive: true, force: true });
}
process.on('exit', cleanup);
process.on('SIGINT', () => process.exit(130));

async function waitUp() {
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`wrangler dev exited:\n${log}`);
    try {
      if ((await fetch(`${origin}/healthz`)).ok) return;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`wrangler dev did not start:\n${log}`);
}

/** CPU time (ms) of the process tree under `root`, by command name; `pids` lists its processes. */
function treeCpu(root) {
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
  const out = {};
  const pids = [];
  const walk = (pid) => {
    const p = procs.get(pid);
    if (!p) return;
    pids.push(pid);
    const name = p.comm.startsWith('workerd') ? 'workerd' : p.comm;
    out[`${name} user`] = (out[`${name} user`] ?? 0) + p.user;
    out[`${name} sys`] = (out[`${name} sys`] ?? 0) + p.sys;
    for (const [c, q] of procs) if (q.ppid === pid) walk(c);
  };
  walk(root);
  Object.defineProperty(out, 'pids', { value: pids.sort().join(','), enumerable: false });
  return out;
}
function cpuDelta(a, b) {
  // A process that started or ended during the phase would make the difference meaningless.
  if (a.pids !== b.pids) throw new Error(`the wrangler dev process tree changed during a phase (${a.pids} → ${b.pids})`);
  return Object.fromEntries(Object.keys(b).map((k) => [k, b[k] - (a[k] ?? 0)]));
}
const sum = (o) => Object.values(o).reduce((s, v) => s + v, 0);

/** Runs `requests` (functions returning a fetch promise) CONCURRENCY at a time; latencies in ms. */
async function phase(requests) {
  const latencies = new Array(requests.length);
  let next = 0;
  let failures = 0;
  const cpu0 = treeCpu(child.pid);
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < requests.length) {
        const i = next++;
        const start = performance.now();
        const res = await requests[i]();
        await res.arrayBuffer();
        if (res.status !== 200) failures++;
        latencies[i] = performance.now() - start;
      }
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  const cpu = cpuDelta(cpu0, treeCpu(child.pid));
  latencies.sort((a, b) => a - b);
  const q = (p) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))];
  return { n: requests.length, failures, seconds, rps: requests.length / seconds, p50: q(0.5), p95: q(0.95), p99: q(0.99), cpu };
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
const post = (body) => () => fetch(`${origin}/v1/collect`, { method: 'POST', headers: { 'Content-Type': 'text/plain' }, body });
const noop = () => fetch(`${origin}/healthz`);

try {
  await waitUp();
  // Warm up both routes (isolate start, first objects) with visitors not counted below.
  const warmVisitors = Array.from({ length: 50 }, () => `warm${rid()}`);
  await phase(Array.from({ length: WARMUP }, () => noop));
  await phase(Array.from({ length: WARMUP }, (_, i) => post(beacon(warmVisitors[i % 50], Math.floor(i / 50)))));

  const visitors = Array.from({ length: VISITORS }, () => `b${rid()}`);
  // Beacon i belongs to visitor i mod VISITORS: each visitor's beacons are spread over the run.
  const beacons = Array.from({ length: BEACONS }, (_, i) => beacon(visitors[i % VISITORS], Math.floor(i / VISITORS)));

  const noop1 = await phase(Array.from({ length: BEACONS }, () => noop));
  const collect = await phase(beacons.map(post));
  const noop2 = await phase(Array.from({ length: BEACONS }, () => noop));
  const base = {
    rps: (noop1.rps + noop2.rps) / 2,
    p50: (noop1.p50 + noop2.p50) / 2,
    p99: (noop1.p99 + noop2.p99) / 2,
    cpu: (sum(noop1.cpu) + sum(noop2.cpu)) / (noop1.n + noop2.n),
    user: ((noop1.cpu['workerd user'] ?? 0) + (noop2.cpu['workerd user'] ?? 0)) / (noop1.n + noop2.n),
  };

  const row = (name, r) =>
    `${name.padEnd(22)} ${String(r.n).padStart(6)}  ${r.rps.toFixed(0).padStart(6)}/s  p50 ${r.p50.toFixed(2)} ms  p95 ${r.p95.toFixed(2)} ms  p99 ${r.p99.toFixed(2)} ms  cpu ${(sum(r.cpu) / r.n).toFixed(3)} ms/req  (${Object.entries(r.cpu)
      .filter(([, v]) => v > 0)
      .map(([k, v]) => `${k} ${(v / r.n).toFixed(3)}`)
      .join(', ')})${r.failures ? `  ${r.failures} FAILED` : ''}`;
  console.log(`${BEACONS} beacons across ${VISITORS} visitors (site demo, default rules), ${CONCURRENCY} concurrent connections, loopback; wrangler dev (local mode)\n`);
  console.log(row('GET /healthz (no-op)', noop1));
  console.log(row('POST /v1/collect', collect));
  console.log(row('GET /healthz (no-op)', noop2));

  // Let the held-back scores be published when their minute ends, then count KV writes from KV itself.
  const flushUntil = Date.now() + FLUSH_WAIT_MS;
  const countKv = () => {
    const listed = spawnSync(process.execPath, [wranglerBin, 'kv', 'key', 'list', '--binding', 'SCORES', '--local', '--persist-to', state], { env, cwd: app, encoding: 'utf8', maxBuffer: 64 << 20 });
    if (listed.status !== 0) throw new Error(`wrangler kv key list failed:\n${listed.stderr}`);
    const keys = JSON.parse(listed.stdout.slice(listed.stdout.indexOf('[')));
    const scores = keys.filter((k) => k.name.startsWith('s:demo/v/b'));
    return { writes: scores.reduce((s, k) => s + (k.metadata?.writes ?? 0), 0), leads: scores.length };
  };
  await new Promise((r) => setTimeout(r, Math.max(0, flushUntil - Date.now())));
  child.kill('SIGTERM');
  await new Promise((r) => (child.exitCode !== null ? r() : child.once('exit', r)));
  const kv = countKv();

  const ratio = collect.rps / base.rps;
  const cpuPerBeacon = sum(collect.cpu) / collect.n;
  console.log(`
throughput ratio collect / no-op:   ${ratio.toFixed(2)}   (goal ≥ 0.5)
p50 latency: collect ${collect.p50.toFixed(2)} ms, no-op ${base.p50.toFixed(2)} ms; p99: collect ${collect.p99.toFixed(2)} ms, no-op ${base.p99.toFixed(2)} ms
CPU per beacon (whole wrangler dev tree): ${cpuPerBeacon.toFixed(3)} ms; per no-op request ${base.cpu.toFixed(3)} ms; beacon minus no-op ${(cpuPerBeacon - base.cpu).toFixed(3)} ms   (goal < 1 ms)
  of which workerd user time (JavaScript, SQLite, runtime): ${(((collect.cpu['workerd user'] ?? 0) / collect.n) - base.user).toFixed(3)} ms over the no-op's
KV writes: ${kv.writes} for ${collect.n} beacons of ${kv.leads} leads = ${((kv.writes / collect.n) * 1000).toFixed(0)} per 1,000 beacons (including the end-of-minute publishes; at most one per lead per band change or minute)`);
  if (collect.failures || noop1.failures || noop2.failures) process.exit(1);
} catch (err) {
  console.error(err);
  process.exit(1);
}
