// `npm run bench` (paths): the rule paths that hung URLPattern, matched by URLPattern (the baseline: what the
// collector used before) and by PathMatcher, both inside workerd (Miniflare) in the same run. Time is taken
// from outside, as workerd's clock does not move during a request; the cost of an empty request is subtracted.
import { build } from 'esbuild';
import { Miniflare } from 'miniflare';

/** A URLPattern run that takes longer than this is abandoned (workerd is restarted). */
const GIVE_UP_MS = 10_000;
/** A measured request runs matches for at least this long. */
const MIN_RUN_MS = 300;

const worker = `
import { PathMatcher } from './collector/src/scoring/PathMatcher';
export default {
  async fetch(request) {
    const q = new URL(request.url).searchParams;
    const pattern = q.get('pattern') ?? '';
    const path = q.get('path') ?? '';
    const reps = Number(q.get('reps'));
    let hit = null;
    if (q.get('engine') === 'urlpattern') {
      const compiled = new URLPattern({ pathname: pattern });
      for (let i = 0; i < reps; i++) hit = compiled.test({ pathname: path });
      return Response.json({ hit });
    }
    const compiled = PathMatcher.compile(pattern);
    if (!compiled.ok) return Response.json({ error: compiled.reason }, { status: 400 });
    for (let i = 0; i < reps; i++) hit = compiled.matcher.test(path);
    return Response.json({ hit, steps: reps ? compiled.matcher.steps / reps : 0 });
  },
};`;

const bundle = await build({ stdin: { contents: worker, resolveDir: process.cwd(), loader: 'ts' }, bundle: true, format: 'esm', write: false, platform: 'neutral', logLevel: 'silent' });
const script = bundle.outputFiles[0].text;
const start = () => new Miniflare({ modules: true, script, compatibilityDate: '2026-04-20' });
let mf = start();

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Milliseconds of one request (and its reply), or null when it did not answer within GIVE_UP_MS. */
async function timed(query) {
  const t0 = performance.now();
  const request = mf.dispatchFetch(`http://bench/?${new URLSearchParams(query)}`).then((res) => res.json());
  const reply = await Promise.race([request, new Promise((resolve) => setTimeout(() => resolve(null), GIVE_UP_MS))]);
  if (reply === null) {
    request.catch(() => {});
    await mf.dispose();
    mf = start();
    return null;
  }
  return { ms: performance.now() - t0, reply };
}

/** Median milliseconds of an empty request (sequential: concurrent ones would time each other's wait). */
async function emptyRequest(engine, pattern, path) {
  const times = [];
  for (let i = 0; i < 7; i++) times.push((await timed({ engine, pattern, path, reps: '0' })).ms);
  return median(times);
}

/**
 * Per-match milliseconds of `engine`, less the cost of an empty request: the number of matches grows until
 * one request takes at least MIN_RUN_MS, so that fast matches are not lost in the request's own cost.
 */
async function perMatch(engine, pattern, path) {
  const empty = await emptyRequest(engine, pattern, path);
  for (let reps = 1; ; reps *= 4) {
    const run = await timed({ engine, pattern, path, reps: String(reps) });
    if (!run) return null;
    if (run.ms >= MIN_RUN_MS || reps >= 4 ** 10) return { ms: Math.max(run.ms - empty, 0) / reps, hit: run.reply.hit, steps: run.reply.steps };
  }
}

const fmt = (ms) => (ms === null ? `no answer in ${GIVE_UP_MS / 1000} s` : ms >= 1 ? `${ms.toFixed(1)} ms` : `${(ms * 1000).toFixed(2)} µs`);
const FOUR = '/*-*-*-*-!';
const ELEVEN = '/*-*-*-*-*-*-*-*-*-*-*-!';
const dashes = (chars) => `/${'-'.repeat(chars - 1)}`;

console.log('| pattern | path (characters of -) | URLPattern per match | PathMatcher per match | PathMatcher steps | URLPattern / PathMatcher |');
console.log('|---|---:|---:|---:|---:|---:|');
const rows = [
  [FOUR, 65],
  [FOUR, 129],
  [FOUR, 257],
  [ELEVEN, 20],
  [ELEVEN, 24],
  [ELEVEN, 28],
  [ELEVEN, 32],
  [ELEVEN, 65],
];
let elevenGaveUp = false;
for (const [pattern, chars] of rows) {
  const path = dashes(chars);
  const ours = await perMatch('matcher', pattern, path);
  // Once URLPattern gave no answer on the eleven-wildcard pattern, longer paths are not tried.
  const skip = pattern === ELEVEN && elevenGaveUp;
  const theirs = skip ? null : await perMatch('urlpattern', pattern, path);
  if (pattern === ELEVEN && theirs === null) elevenGaveUp = true;
  if (theirs && theirs.hit !== ours.hit) throw new Error(`${pattern} on ${chars}: URLPattern ${theirs.hit}, PathMatcher ${ours.hit}`);
  const ratio = theirs ? `${Math.round(theirs.ms / ours.ms).toLocaleString('en-US')}×` : '–';
  const label = skip ? 'not tried (no answer on a shorter path)' : fmt(theirs ? theirs.ms : null);
  console.log(`| \`${pattern}\` | ${chars} | ${label} | ${fmt(ours.ms)} | ${ours.steps} | ${ratio} |`);
}
for (const [pattern, chars] of [[FOUR, 1_000], [ELEVEN, 1_000], [ELEVEN, 5_000]]) {
  const ours = await perMatch('matcher', pattern, dashes(chars));
  console.log(`| \`${pattern}\` | ${chars.toLocaleString('en-US')} | not tried | ${fmt(ours.ms)} | ${ours.steps} | – |`);
}
// The costliest pattern the configuration accepts: 32 words of positions (the text is percent-encoded, 6
// characters per é) and 45 ε-edges, with a `*` that keeps states alive over the whole path.
const LARGEST = `${Array.from({ length: 15 }, (_, i) => `{/:n${i}}?`).join('')}*/${'é'.repeat(158)}`;
{
  const path = `/${'a/'.repeat(600)}`.slice(0, 1_024);
  const ours = await perMatch('matcher', LARGEST, path);
  const theirs = await perMatch('urlpattern', LARGEST, path);
  if (theirs && theirs.hit !== ours.hit) throw new Error(`largest pattern: URLPattern ${theirs.hit}, PathMatcher ${ours.hit}`);
  const ratio = theirs ? `${Math.round(theirs.ms / ours.ms).toLocaleString('en-US')}×` : '–';
  console.log(`| largest accepted (${LARGEST.length} characters, 15 \`{/:name}?\`, \`*\`) | 1,024 (\`/a/a/…\`) | ${fmt(theirs ? theirs.ms : null)} | ${fmt(ours.ms)} | ${ours.steps} | ${ratio} |`);
}
console.log('\nSteps: one per 32-position word of the state set and per ε-edge, per character (at most 80); paths are cut to 1,024 characters.');
await mf.dispose();
