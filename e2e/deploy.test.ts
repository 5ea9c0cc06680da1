// Deploying from a fresh clone (issue 15): the deploy commands of README.md and docs/deploy.md, run as written
// in a `git clone` of this commit — `npx wrangler login`, `kv namespace create` and `secret put` stubbed (no
// network here), `npm install` skipped (node_modules linked), `npm run deploy` run for real with `--dry-run`,
// which needs neither login nor network — then `wrangler dev` of the clone, as a production deploy serves it,
// taking the first site's configuration of docs/deploy.md. Nothing is built beforehand: wrangler's `[build]`.
import { execFile, execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request } from './request';
import { startWorker, type RunningWorker } from './startWorker';

const run = promisify(execFile);
let scratch: string;
let clone: string;
let bin: string;
/** What the stubbed `npx` was asked, one line per call. */
const npxLog = () => (existsSync(join(scratch, 'npx.log')) ? readFileSync(join(scratch, 'npx.log'), 'utf8').trim().split('\n') : []);

/** The `lang` blocks of `file`, in order. */
function blocks(file: string, lang: string): string[] {
  return [...readFileSync(file, 'utf8').matchAll(/```(\w*)\n([\s\S]*?)```/g)].filter((m) => m[1] === lang).map((m) => m[2]!);
}

/** Runs `script` in bash in the clone, with the stubs first on PATH; resolves to its output. */
async function inClone(script: string): Promise<string> {
  const { stdout, stderr } = await run('bash', ['-euo', 'pipefail', '-c', script], {
    cwd: clone,
    maxBuffer: 1 << 24,
    env: { ...process.env, PATH: `${bin}:${process.env.PATH}`, HOME: join(scratch, 'home'), WRANGLER_SEND_METRICS: 'false', CLOUDFLARE_CF_FETCH_ENABLED: 'false', npm_config_update_notifier: 'false', CI: 'true' },
  });
  return stdout + stderr;
}

beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), 'leadpulse-deploy-'));
  mkdirSync(join(scratch, 'home'));
  clone = join(scratch, 'leadpulse');
  // A fresh clone of this commit: what is committed, nothing built, no .dev.vars.
  execFileSync('git', ['clone', '--quiet', '--no-checkout', resolve('.'), clone]);
  execFileSync('git', ['-C', clone, 'checkout', '--quiet', execFileSync('git', ['rev-parse', 'HEAD'], { encoding: 'utf8' }).trim()]);
  symlinkSync(resolve('node_modules'), join(clone, 'node_modules'), 'dir');
  expect(existsSync(join(clone, 'collector/src/generated'))).toBe(false);

  bin = join(scratch, 'bin');
  mkdirSync(bin);
  const npm = execFileSync('sh', ['-c', 'command -v npm'], { encoding: 'utf8' }).trim();
  // npm: `install` is done (linked); `run deploy…` gets --dry-run; anything else is the real npm.
  writeFileSync(
    join(bin, 'npm'),
    `#!/bin/sh\ncase "$*" in\n  install) echo "npm install: node_modules linked"; exit 0 ;;\n  "run deploy"|"run deploy:demo") exec ${npm} "$@" -- --dry-run --outdir "${scratch}/out-$2" ;;\n  *) exec ${npm} "$@" ;;\nesac\n`,
  );
  // npx wrangler: the account steps answer as wrangler does, and are recorded.
  writeFileSync(
    join(bin, 'npx'),
    `#!/bin/sh\necho "$*" >> "${scratch}/npx.log"\ncase "$*" in\n  "wrangler login") echo "Successfully logged in." ;;\n  "wrangler kv namespace create SCORES") echo '[[kv_namespaces]]'; echo 'binding = "SCORES"'; echo 'id = "0f2ac74b498b48028cb68387c421e279"' ;;\n  "wrangler secret put "*) read -r value || true; echo "Success! Uploaded secret $3" ;;\n  *) echo "unexpected: npx $*" >&2; exit 1 ;;\nesac\n`,
  );
  chmodSync(join(bin, 'npm'), 0o755);
  chmodSync(join(bin, 'npx'), 0o755);
});
afterAll(() => {
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

describe('the deploy commands on a fresh clone', () => {
  it("README's block: logs in, creates the namespace, sets both secrets, builds and deploys (dry run) collector/public, no demo pages", { timeout: 300_000 }, async () => {
    const [block] = blocks('README.md', 'sh').filter((b) => b.includes('npm run deploy'));
    // Each secret's value, as typed at the prompt.
    const out = await inClone(block!.replace(/(npx wrangler secret put \w+)/g, 'echo a-long-random-string | $1'));
    expect(npxLog()).toEqual(['wrangler login', 'wrangler kv namespace create SCORES', 'wrangler secret put HASH_KEY', 'wrangler secret put API_TOKEN']);
    // wrangler's [build] built what the Worker embeds, then bundled it.
    expect(out).toContain('leadpulse: building the SDK and dashboard (collector/src/generated/sdk.ts is missing)');
    expect(out).toMatch(new RegExp(`Read 3 files from the assets directory ${join(clone, 'collector/public')}`));
    expect(out).not.toContain('demo-site');
    expect(out).not.toContain('DEMO_SITE');
    expect(out).toContain('--dry-run: exiting now.');
    const bundle = readFileSync(join(scratch, 'out-deploy/index.js'), 'utf8');
    expect(bundle).toContain('lp_band');
    expect(bundle).not.toContain('Northwind Ledger');
  });

  it('docs/deploy.md steps 1 to 4 run as written, and `npm run deploy:demo` ships the demo site with DEMO_SITE', { timeout: 300_000 }, async () => {
    const doc = blocks('docs/deploy.md', 'sh');
    const steps = doc.slice(0, doc.findIndex((b) => b.includes('npm run deploy:demo')));
    expect(steps.join('')).toContain('npm run deploy\n');
    rmSync(join(scratch, 'npx.log'), { force: true });
    const out = await inClone(steps.join('\n').replace(/(npx wrangler secret put \w+)/g, 'echo a-long-random-string | $1'));
    expect(npxLog()).toEqual(['wrangler login', 'wrangler kv namespace create SCORES', 'wrangler secret put HASH_KEY', 'wrangler secret put API_TOKEN']);
    expect(out).toContain('--dry-run: exiting now.');
    // Built already: the [build] command found nothing stale.
    expect(out).not.toContain('leadpulse: building');

    const demo = await inClone(doc.find((b) => b.includes('npm run deploy:demo'))!);
    expect(demo).toMatch(new RegExp(`Read \\d+ files from the assets directory ${join(clone, 'demo-site')}`));
    expect(demo).toMatch(/env\.DEMO_SITE .*Environment Variable/);
    expect(demo).toContain('--dry-run: exiting now.');
  });
});

describe('the clone under wrangler dev, as production serves it', () => {
  let worker: RunningWorker;
  beforeAll(async () => {
    worker = await startWorker({ cwd: clone, demo: false });
  }, 120_000);
  afterAll(async () => {
    await worker?.stop();
  });

  it('serves the landing page, the SDK and the dashboard, and no demo: no pages, no site demo, no /demo/sign', async () => {
    const home = await request(`${worker.origin}/`);
    expect(home.status).toBe(200);
    expect(await home.text()).toContain('<h1>leadpulse collector</h1>');
    expect((await request(`${worker.origin}/lp.js`)).status).toBe(200);
    expect((await request(`${worker.origin}/dashboard`)).status).toBe(200);
    const pricing = await request(`${worker.origin}/pricing`);
    expect(pricing.status).toBe(404);
    expect(await pricing.text()).not.toContain('Northwind');
    const sign = await request(`${worker.origin}/demo/sign`, { method: 'POST', body: '{"lead":"a@example.com"}' });
    expect(sign.status).toBe(404);
    expect(await sign.json()).toEqual({ error: { code: 'not_found', message: 'no demo site on this collector' } });
    const beacon = await request(`${worker.origin}/v1/collect`, { method: 'POST', headers: { 'Content-Type': 'text/plain' }, body: JSON.stringify({ site: 'demo', visitor: 'deployVisitor000000001', events: [{ id: 'deploy-e1', type: 'visit', ts: Date.now() }] }) });
    expect(beacon.status).toBe(404);
    expect(((await beacon.json()) as { error: { code: string } }).error.code).toBe('unknown_site');
  });

  it("takes docs/deploy.md's first site configuration, and the script tag's site then scores", async () => {
    const [, , , , , site] = blocks('docs/deploy.md', 'sh');
    expect(site).toContain('/v1/sites/my-site/config');
    const script = site!.replace('COLLECTOR=https://leadpulse.YOUR-SUBDOMAIN.workers.dev', `COLLECTOR=${worker.origin}`).replace('API_TOKEN=the-token-you-gave-in-step-3', 'API_TOKEN=e2e-token');
    expect(script).not.toBe(site);
    const reply = JSON.parse(await inClone(script.replace('curl -X PUT', 'curl -sS -X PUT')));
    expect(reply).toMatchObject({ origins: ['https://www.example.com'], webhook: { url: 'https://hooks.example.com/leadpulse', secret: '****************', format: 'json' }, identify: { secret: expect.any(String) } });

    const tag = blocks('docs/deploy.md', 'html').find((b) => b.includes('/lp.js'))!;
    const { src, site: tagSite } = /src="(?<src>[^"]+)" data-site="(?<site>[^"]+)"/.exec(tag)!.groups!;
    expect(tagSite).toBe('my-site');
    expect((await request(src!.replace('https://leadpulse.YOUR-SUBDOMAIN.workers.dev', worker.origin))).status).toBe(200);
    const beacon = await request(`${worker.origin}/v1/collect`, { method: 'POST', headers: { 'Content-Type': 'text/plain', Origin: 'https://www.example.com' }, body: JSON.stringify({ site: tagSite, visitor: 'deployVisitor000000002', events: [{ id: 'deploy-e2', type: 'pageview', ts: Date.now(), path: '/pricing' }] }) });
    expect(await beacon.json()).toEqual({ score: 10, band: 'cold' });
  });
});
