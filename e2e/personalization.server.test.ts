// Server-side personalization (issue 5 point 4, issue 15): the examples of docs/personalization.md run as written
// against a `wrangler dev` collector, for a visitor a real Chromium made hot — the page code that copies the visitor
// id into a cookie, the Node server and the Cloudflare Worker in front of the site — and `leadpulse/server` read
// through the package's exports (sdk/ linked as node_modules/leadpulse of a scratch folder, as an install has it).
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from './launchBrowser';
import { makeVisitorHot } from './makeVisitorHot';
import { freePort, startWorker, type RunningWorker } from './startWorker';

type ServerHelpers = typeof import('../sdk/src/server');

const DOC = 'docs/personalization.md';
/** The collector and the site of the examples, which the tests point at the `wrangler dev` collector and `demo`. */
const DOC_API = "'https://collector.example.com'";
const DOC_SITE = "'my-site'";

let worker: RunningWorker;
let scratch: string;
let helpers: ServerHelpers;
/** The hot visitor's id and the Cookie header its browser sends to the site's own server. */
let visitor: string;
let cookie: string;

/** The `js` block of the doc whose first line starts with `first`. */
function docBlock(first: string): string {
  for (const m of readFileSync(DOC, 'utf8').matchAll(/```js\n([\s\S]*?)```/g)) if (m[1]!.startsWith(first)) return m[1]!;
  throw new Error(`${DOC}: no js block starting with ${first}`);
}

/** `code` with each `[from, to]` replaced, each `from` required to be there. */
function pointed(code: string, ...swaps: [string, string][]): string {
  for (const [from, to] of swaps) {
    expect(code, `${DOC} no longer says ${from}`).toContain(from);
    code = code.replaceAll(from, to);
  }
  return code;
}

/** A server that accepts connections and never answers: a collector that hangs. */
async function hangingServer(): Promise<{ origin: string; close(): void }> {
  const sockets: { destroy(): void }[] = [];
  const server: Server = createServer((socket) => void sockets.push(socket));
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as { port: number };
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () => {
      for (const s of sockets) s.destroy();
      server.close();
    },
  };
}

beforeAll(async () => {
  worker = await startWorker();
  scratch = mkdtempSync(join(tmpdir(), 'leadpulse-personalize-'));
  mkdirSync(join(scratch, 'node_modules'));
  symlinkSync(resolve('sdk'), join(scratch, 'node_modules/leadpulse'), 'dir');
  writeFileSync(join(scratch, 'helpers.mjs'), "export * from 'leadpulse/server';\n");
  helpers = await import(pathToFileURL(join(scratch, 'helpers.mjs')).href);

  // A visitor made hot in Chromium on the demo site, with the page code of the doc run in the page.
  const browser = await launchBrowser();
  try {
    const page = await browser.context.newPage();
    await makeVisitorHot(page, worker.origin, (p) => p.evaluate(docBlock('// In the page, after the head snippet')));
    visitor = await page.evaluate(() => localStorage.getItem('lp_vid')!);
    cookie = `theme=dark; ${(await browser.context.cookies()).map((c) => `${c.name}=${c.value}`).join('; ')}`;
  } finally {
    await browser.close();
  }
});
afterAll(async () => {
  await worker?.stop();
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

describe('leadpulse/server against the collector', () => {
  it('reads the band the browser made hot, through the cookie the page code sets, for the site named only', async () => {
    const { bandOf, scoreOf, visitorOf } = helpers;
    expect(visitorOf(cookie)).toBe(visitor);
    expect(await bandOf('demo', visitorOf(cookie), { api: worker.origin })).toBe('hot');
    const score = await scoreOf('demo', visitor, { api: `${worker.origin}/`, timeout: 2_000 });
    expect(score.band).toBe('hot');
    expect(score.score).toBeGreaterThanOrEqual(80);
    expect(await bandOf('demo', 'a-visitor-never-seen-here', { api: worker.origin })).toBe('cold');

    // The site is the one asked about: the same visitor on another site is unknown there.
    const put = await fetch(`${worker.origin}/v1/sites/other-site/config`, {
      method: 'PUT',
      headers: { Authorization: 'Bearer e2e-token', 'Content-Type': 'application/json' },
      body: JSON.stringify({ rules: [], bands: { warm: 40, hot: 80 } }),
    });
    expect(put.status).toBe(201);
    expect(await scoreOf('other-site', visitor, { api: worker.origin })).toEqual({ score: 0, band: 'cold' });
  });

  it('reads cold, without throwing, for a missing or malformed id, an unknown site, and a collector down or hanging', async () => {
    const { bandOf, scoreOf } = helpers;
    const api = worker.origin;
    expect(await bandOf('demo', undefined, { api })).toBe('cold');
    expect(await bandOf('demo', null, { api })).toBe('cold');
    expect(await bandOf('demo', '../../v1/leads?x=', { api })).toBe('cold');
    expect(await bandOf('nosuchsite', visitor, { api })).toBe('cold');
    expect(await bandOf('demo&visitor=x', visitor, { api })).toBe('cold');
    expect(await bandOf('demo', visitor, undefined as never)).toBe('cold');
    expect(await scoreOf('demo', visitor, { api: `http://127.0.0.1:${await freePort()}` })).toEqual({ score: 0, band: 'cold' });
    const hanging = await hangingServer();
    try {
      // Without the timeout this would wait for ever (and the test time out).
      expect(await scoreOf('demo', visitor, { api: hanging.origin, timeout: 200 })).toEqual({ score: 0, band: 'cold' });
    } finally {
      hanging.close();
    }
  });
});

describe('the server examples of docs/personalization.md', () => {
  it('the Node server renders the hot call to action for the hot visitor and the free trial for anyone else', async () => {
    const port = await freePort();
    const code = pointed(docBlock('// server.mjs'), [DOC_API, JSON.stringify(worker.origin)], [DOC_SITE, "'demo'"], ['.listen(3000)', `.listen(${port}, '127.0.0.1')`]);
    writeFileSync(join(scratch, 'server.mjs'), code);
    const child = spawn(process.execPath, ['server.mjs'], { cwd: scratch, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    try {
      const origin = `http://127.0.0.1:${port}`;
      const get = async (headers: Record<string, string>) => {
        for (let tries = 0; ; tries++) {
          try {
            return await (await fetch(`${origin}/pricing`, { headers })).text();
          } catch (e) {
            if (tries > 100 || child.exitCode !== null) throw new Error(`server.mjs did not answer: ${stderr || e}`);
            await new Promise((r) => setTimeout(r, 100));
          }
        }
      };
      expect(await get({ Cookie: cookie })).toBe('<a href="/contact">Talk to sales</a>');
      expect(await get({})).toBe('<a href="/signup">Start a free trial</a>');
      expect(await get({ Cookie: 'lp_vid=a-visitor-never-seen-here' })).toBe('<a href="/signup">Start a free trial</a>');
    } finally {
      const exited = new Promise((done) => child.once('exit', done));
      child.kill();
      await exited;
    }
  });

  it('the Worker in front of the site keeps only the calls to action of the visitor’s band', { timeout: 180_000 }, async () => {
    const code = pointed(docBlock('// worker.js'), [DOC_API, JSON.stringify(worker.origin)], [DOC_SITE, "'demo'"]);
    const dir = join(scratch, 'front');
    mkdirSync(dir);
    writeFileSync(join(dir, 'worker.js'), code);
    // As a user deploys it: wrangler bundles worker.js, resolving leadpulse/server from node_modules.
    symlinkSync(join(scratch, 'node_modules'), join(dir, 'node_modules'), 'dir');
    writeFileSync(join(dir, 'wrangler.toml'), 'name = "front"\nmain = "worker.js"\ncompatibility_date = "2026-04-20"\n');
    // The collector's demo site plays the site behind it.
    const front = await startWorker({ cwd: dir, demo: false, args: ['--local-upstream', new URL(worker.origin).host, '--upstream-protocol', 'http'] });
    try {
      const shows = async (headers: Record<string, string>) => {
        const res = await fetch(`${front.origin}/pricing`, { headers });
        expect(res.status).toBe(200);
        return [...(await res.text()).matchAll(/data-lp-show="([^"]*)"/g)].map((m) => m[1]);
      };
      expect(await shows({ Cookie: cookie })).toEqual(['hot']);
      expect((await shows({})).sort()).toEqual(['cold', 'hot', 'warm']);
      expect(await shows({ Cookie: 'lp_vid=a-visitor-never-seen-here' })).toEqual(['cold']);
    } finally {
      await front.stop();
    }
  });
});
