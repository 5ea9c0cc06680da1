// The SDK as an application gets it from npm: `npm pack` in sdk/ (its prepack builds), the tarball installed into a
// fresh app in a temporary folder, an entry importing `leadpulse`, `leadpulse/react` and `leadpulse/server` and the
// examples of docs/sdk.md type-checked under the bundler, node16 and nodenext resolutions, bundled with rollup, run
// in Node, and run in Chromium against a `wrangler dev` collector.
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import commonjs from '@rollup/plugin-commonjs';
import resolveNode from '@rollup/plugin-node-resolve';
import type { Page } from 'playwright-core';
import { rollup, type OutputChunk, type Plugin } from 'rollup';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from './launchBrowser';
import { makeVisitorHot } from './makeVisitorHot';
import { freePort, startWorker, type RunningWorker } from './startWorker';
import { PAGE_WAIT_MS } from './waits';

const run = promisify(execFile);
const TSC = resolve('node_modules/typescript/bin/tsc');
const DOC = 'docs/sdk.md';
/** `moduleResolution` → the `module` it goes with. */
const MODES = { bundler: 'esnext', node16: 'node16', nodenext: 'nodenext' } as const;
/** The files of the package: the modules, the script-tag files, the public declarations. */
const PACKAGE_FILES = [
  'package.json',
  'dist/lp.mjs',
  'dist/react.mjs',
  'dist/server.mjs',
  'dist/lp.js',
  'dist/lp-vitals.js',
  'dist/head-snippet.html',
  'dist/types/index.d.ts',
  'dist/types/react.d.ts',
  'dist/types/server.d.ts',
  'dist/types/types.d.ts',
];

/**
 * This process's environment without what `npm test` adds for its own package (its prefix, its package's fields):
 * the npm runs below belong to sdk/ and to the scratch app. The user's npm configuration (cache, registry, CA) stays.
 */
const npmEnv = Object.fromEntries(
  Object.entries(process.env).filter(([k]) => !/^(npm_(package|lifecycle)_|npm_config_(local_|global_)?prefix$|npm_command$|npm_config_call$|INIT_CWD$)/i.test(k)),
);

/** The version of a package in this repository's node_modules: the scratch app gets the same one (from npm's cache). */
const versionOf = (name: string): string => JSON.parse(readFileSync(`node_modules/${name}/package.json`, 'utf8')).version;

/** The block of `lang` in docs/sdk.md whose first line starts with `first`. */
function docBlock(lang: string, first: string): string {
  for (const m of readFileSync(DOC, 'utf8').matchAll(/```(\w*)\n([\s\S]*?)```/g)) if (m[1] == lang && m[2]!.trimStart().startsWith(first)) return m[2]!;
  throw new Error(`${DOC}: no ${lang} block starting with ${first}`);
}

/** `code` with each `[from, to]` replaced, each `from` required to be there. */
function pointed(code: string, ...swaps: [string, string][]): string {
  for (const [from, to] of swaps) {
    expect(code, `${DOC} no longer says ${from}`).toContain(from);
    code = code.replaceAll(from, to);
  }
  return code;
}

/** Bundles `input` of the scratch app with rollup; the chunk, with its modules relative to the app. */
async function bundle(input: string, file: string, plugins: Plugin[], options: { external?: RegExp; intro?: string } = {}): Promise<OutputChunk & { relative: string[] }> {
  const build = await rollup({
    input: join(app, input),
    external: options.external ? (id) => options.external!.test(id) : undefined,
    plugins,
    // What rollup says of React's own files is React's business; of the package and the app, a failure.
    onwarn: (warning) => {
      if (/\/node_modules\/(?!leadpulse\/)/.test(warning.id ?? '')) return;
      throw new Error(`rollup: ${warning.message}`);
    },
  });
  const { output } = await build.write({ file: join(app, file), format: 'es', intro: options.intro });
  await build.close();
  return { ...output[0], relative: Object.keys(output[0].modules).map((m) => m.slice(app.length + 1)) };
}

let scratch: string;
let app: string;
let worker: RunningWorker;
let packed: { filename: string; size: number; files: { path: string }[] };
/** A port nothing listens on: the collector of the Node run is down, so the server helper must read cold. */
let downApi: string;

beforeAll(async () => {
  scratch = mkdtempSync(join(tmpdir(), 'leadpulse-pack-'));
  app = join(scratch, 'app');
  mkdirSync(join(app, 'src'), { recursive: true });
  downApi = `http://127.0.0.1:${await freePort()}`;
  worker = await startWorker();
});
afterAll(async () => {
  await worker?.stop();
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

describe('the packed SDK in a fresh app', () => {
  it('packs the package files only, built by prepack', { timeout: 240_000 }, async () => {
    const { stdout } = await run('npm', ['pack', '--json', '--pack-destination', scratch], { cwd: 'sdk', env: npmEnv, maxBuffer: 1 << 24 });
    [packed] = JSON.parse(stdout);
    expect(packed.filename).toBe('leadpulse-0.1.0.tgz');
    expect(packed.files.map((f) => f.path).sort()).toEqual([...PACKAGE_FILES].sort());
    console.log(`leadpulse-0.1.0.tgz: ${packed.size} bytes, ${packed.files.length} files`);
  });

  it('installs from the tarball, without React unless the app has it', { timeout: 240_000 }, async () => {
    writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'scratch-app', private: true, type: 'module' }, null, 2));
    await run('npm', ['install', join(scratch, packed.filename), '--no-audit', '--no-fund', '--prefer-offline'], { cwd: app, env: npmEnv });
    const installed = JSON.parse(readFileSync(join(app, 'node_modules/leadpulse/package.json'), 'utf8'));
    expect(installed).toMatchObject({ name: 'leadpulse', type: 'module', peerDependenciesMeta: { react: { optional: true } } });
    expect(() => readFileSync(join(app, 'node_modules/react/package.json'))).toThrow();
    // The app's own React, as an application has it.
    const react = versionOf('react');
    const pins = [`react@${react}`, `react-dom@${react}`, `@types/react@${versionOf('@types/react')}`, `@types/react-dom@${versionOf('@types/react-dom')}`];
    await run('npm', ['install', ...pins, '--no-audit', '--no-fund', '--prefer-offline'], { cwd: app, env: npmEnv });
  });

  it('type-checks the three modules and the examples of docs/sdk.md under bundler, node16 and nodenext resolution', { timeout: 120_000 }, async () => {
    // The examples of docs/sdk.md, as written, pointed at the collector of this test and its site `demo`.
    writeFileSync(join(app, 'src/app.ts'), pointed(docBlock('js', '// app.js'), ["'https://collector.example.com'", JSON.stringify(worker.origin)], ["'my-site'", "'demo'"]));
    writeFileSync(join(app, 'src/PricingCta.tsx'), docBlock('jsx', '// PricingCta.jsx'));
    // A page of the app: the example module, then the example component mounted.
    writeFileSync(
      join(app, 'src/browser.ts'),
      `import './app.js';
import { createElement } from 'react';
import { createRoot } from 'react-dom/client';
import { PricingCta } from './PricingCta.js';

createRoot(document.getElementById('cta')!).render(createElement(PricingCta));
`,
    );
    // On a server: every module of the package imported, the component rendered, the helper asked.
    writeFileSync(
      join(app, 'src/main.ts'),
      `import { init, onScore, track, type Band, type Score } from 'leadpulse';
import { useLeadScore } from 'leadpulse/react';
import { bandOf, scoreOf, visitorOf } from 'leadpulse/server';
import { createElement } from 'react';
import { renderToString } from 'react-dom/server';
import { PricingCta } from './PricingCta.js';

const Badge = () => {
  const { band, score }: Score = useLeadScore();
  return createElement('b', null, \`\${band} \${score}\`);
};

// The declarations are read, not taken as any: each call below must be a type error (never run).
export function misuses() {
  // @ts-expect-error the site is required
  void bandOf('Q2xhcmEgTGltYSBPbmxp', { api: 'https://collector.example.com' });
  // @ts-expect-error a band is one of three
  const lukewarm: Band = 'lukewarm';
  // @ts-expect-error init needs a site
  init({ api: 'https://collector.example.com' });
  return lukewarm;
}

const api = ${JSON.stringify(downApi)};
const visitor = visitorOf('theme=dark; lp_vid=Q2xhcmEgTGltYSBPbmxp');
const score: Score = await scoreOf('demo', visitor, { api, timeout: 500 });
const band: Band = await bandOf('demo', visitor, { api });
const html = renderToString(createElement('div', null, createElement(Badge), createElement(PricingCta)));
console.log(JSON.stringify({ html, visitor, score, band, browser: [init, onScore, track].map((f) => typeof f) }));
`,
    );
    const results: Record<string, string> = {};
    for (const [resolution, module] of Object.entries(MODES)) {
      const compilerOptions = { module, moduleResolution: resolution, target: 'es2022', lib: ['es2022', 'dom'], jsx: 'react-jsx', types: [], strict: true, skipLibCheck: false, outDir: `out-${resolution}` };
      writeFileSync(join(app, `tsconfig.${resolution}.json`), JSON.stringify({ compilerOptions, include: ['src'] }, null, 2));
      results[resolution] = await run(process.execPath, [TSC, '-p', `tsconfig.${resolution}.json`], { cwd: app }).then(
        () => 'ok',
        (e: { stdout: string }) => e.stdout.trim(),
      );
    }
    console.log(`type-check of the packed SDK: ${Object.entries(results).map(([r, v]) => `${r} ${v == 'ok' ? 'ok' : 'FAILED'}`).join(', ')}`);
    expect(results).toEqual({ bundler: 'ok', node16: 'ok', nodenext: 'ok' });
  });

  it('bundles for Node with rollup through the package exports, with one copy of the SDK, and runs: cold on a server', { timeout: 120_000 }, async () => {
    // tsc wrote the JavaScript (out-nodenext/) in the type-check above. React stays the app's dependency here.
    const chunk = await bundle('out-nodenext/main.js', 'server.mjs', [resolveNode({ rootDir: app })], { external: /^react(-dom)?(\/|$)/ });
    // The hook's import of the SDK is the entry's import of it: one module, so one client on a page.
    expect(chunk.relative.sort()).toEqual(['node_modules/leadpulse/dist/lp.mjs', 'node_modules/leadpulse/dist/react.mjs', 'node_modules/leadpulse/dist/server.mjs', 'out-nodenext/PricingCta.js', 'out-nodenext/main.js']);
    expect(chunk.imports.sort()).toEqual(['react', 'react-dom/server', 'react/jsx-runtime']);

    const { stdout } = await run(process.execPath, ['server.mjs'], { cwd: app });
    expect(JSON.parse(stdout)).toEqual({
      html: '<div><b>cold 0</b><a href="/resources">Download the guide</a></div>',
      visitor: 'Q2xhcmEgTGltYSBPbmxp',
      score: { score: 0, band: 'cold' },
      band: 'cold',
      browser: ['function', 'function', 'function'],
    });
  });

  it('runs the examples of docs/sdk.md bundled in Chromium: the module sends, the hook follows the band to hot', { timeout: 180_000 }, async () => {
    // React is CommonJS and reads process.env.NODE_ENV, which a bundler for the browser defines.
    const chunk = await bundle('out-nodenext/browser.js', 'browser.mjs', [resolveNode({ rootDir: app, browser: true }), commonjs()], {
      intro: "const process = { env: { NODE_ENV: 'production' } };",
    });
    expect(chunk.relative.filter((m) => m.startsWith('node_modules/leadpulse/')).sort()).toEqual(['node_modules/leadpulse/dist/lp.mjs', 'node_modules/leadpulse/dist/react.mjs']);
    expect(chunk.imports).toEqual([]);
    const script = readFileSync(join(app, 'browser.mjs'), 'utf8');
    // The doc's module block without a bundler, on a page of its own.
    const plain = pointed(docBlock('html', '<script type="module">'), ['https://YOUR-COLLECTOR', worker.origin]);

    const browser = await launchBrowser();
    const errors: string[] = [];
    const logs: string[] = [];
    try {
      const page = await browser.context.newPage();
      page.on('pageerror', (e) => errors.push(String(e)));
      page.on('console', (m) => logs.push(m.text()));
      // The app's pages, served on the collector's own origin (allowed without an `origins` entry).
      await page.route(`${worker.origin}/app/**`, (route) => {
        const path = new URL(route.request().url()).pathname;
        if (path == '/app/browser.mjs') return route.fulfill({ contentType: 'text/javascript', body: script });
        if (path == '/app/plain') return route.fulfill({ contentType: 'text/html', body: `<!doctype html><title>plain</title>${plain}` });
        return route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>app</title><div id="cta"></div><script type="module" src="/app/browser.mjs"></script>' });
      });
      const cta = (p: Page) => p.locator('#cta a');

      // A first-time visitor: the guide, then the collector's reply to the example's events.
      const collected = page.waitForRequest((r) => r.url() == `${worker.origin}/v1/collect` && r.postData()!.includes('pricing_calculator'));
      await page.goto(`${worker.origin}/app/`);
      const sent = (await collected).postDataJSON();
      expect(sent.site).toBe('demo');
      expect(sent.events).toContainEqual(expect.objectContaining({ type: 'event', name: 'pricing_calculator', props: { seats: 25 } }));
      await expect.poll(() => logs.filter((l) => l.startsWith('leadpulse ')).length).toBeGreaterThanOrEqual(2);
      expect(logs[0]).toBe('leadpulse 0 cold');
      expect(await cta(page).textContent()).toBe('Download the guide');

      // The same visitor made hot on the site: the hook shows the demo.
      await makeVisitorHot(page, worker.origin);
      await page.goto(`${worker.origin}/app/`);
      await expect.poll(() => cta(page).textContent()).toBe('Book a demo');
      expect(await cta(page).getAttribute('href')).toBe('/contact');

      // The module the collector serves, on a page without a bundler: the cached score, then the fresh one.
      logs.length = 0;
      await page.goto(`${worker.origin}/app/plain`);
      // Its example logs `score band`; a late `leadpulse …` line of the bundled page may still come in.
      const plainLines = () => logs.filter((l) => !l.startsWith('leadpulse '));
      await expect.poll(() => plainLines().length, { timeout: PAGE_WAIT_MS }).toBeGreaterThanOrEqual(2);
      expect(plainLines().slice(0, 2).map((l) => l.split(' ')[1])).toEqual(['hot', 'hot']);
      expect(Number(plainLines()[1]!.split(' ')[0])).toBeGreaterThanOrEqual(80);
      expect(errors).toEqual([]);
    } finally {
      await browser.close();
    }
  });
});
