// The SDK as an application gets it from npm: `npm pack` in sdk/ (its prepack builds), the tarball installed into a
// fresh app in a temporary folder, an entry importing `leadpulse`, `leadpulse/react` and `leadpulse/server`
// type-checked under the bundler, node16 and nodenext resolutions, bundled with rollup and run.
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import resolveNode from '@rollup/plugin-node-resolve';
import { rollup } from 'rollup';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from './startWorker';

const run = promisify(execFile);
const TSC = resolve('node_modules/typescript/bin/tsc');
const MODES = { bundler: 'esnext', node16: 'node16', nodenext: 'nodenext' } as const;

/**
 * This process's environment without what `npm test` adds for its own package (its prefix, its package's fields):
 * the npm runs below belong to sdk/ and to the scratch app. The user's npm configuration (cache, registry, CA) stays.
 */
const npmEnv = Object.fromEntries(
  Object.entries(process.env).filter(([k]) => !/^(npm_(package|lifecycle)_|npm_config_(local_|global_)?prefix$|npm_command$|npm_config_call$|INIT_CWD$)/i.test(k)),
);

/** The version of a package in this repository's node_modules: the scratch app gets the same one (from npm's cache). */
const versionOf = (name: string): string => JSON.parse(readFileSync(`node_modules/${name}/package.json`, 'utf8')).version;

let scratch: string;
let app: string;
let packed: { filename: string; size: number; files: { path: string }[] };
/** A port nothing listens on: the collector of the run below is down, so the server helper must read cold. */
let downApi: string;

beforeAll(async () => {
  scratch = mkdtempSync(join(tmpdir(), 'leadpulse-pack-'));
  app = join(scratch, 'app');
  mkdirSync(join(app, 'src'), { recursive: true });
  downApi = `http://127.0.0.1:${await freePort()}`;
});
afterAll(() => {
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

describe('the packed SDK in a fresh app', () => {
  it('packs the package files only, built by prepack', { timeout: 240_000 }, async () => {
    const { stdout } = await run('npm', ['pack', '--json', '--pack-destination', scratch], { cwd: 'sdk', env: npmEnv, maxBuffer: 1 << 24 });
    [packed] = JSON.parse(stdout);
    expect(packed.filename).toBe('leadpulse-0.1.0.tgz');
    expect(packed.files.map((f) => f.path).sort()).toEqual(
      [
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
      ].sort(),
    );
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

  it('type-checks an entry using the three modules under bundler, node16 and nodenext resolution', { timeout: 120_000 }, async () => {
    writeFileSync(
      join(app, 'src/main.ts'),
      `import { init, onScore, track, type Band, type Score } from 'leadpulse';
import { useLeadScore } from 'leadpulse/react';
import { bandOf, scoreOf, visitorOf } from 'leadpulse/server';
import { createElement } from 'react';
import { renderToString } from 'react-dom/server';

const Cta = () => {
  const { band, score }: Score = useLeadScore();
  return createElement('a', { href: band == 'hot' ? '/contact' : '/resources' }, \`\${band} \${score}\`);
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
console.log(JSON.stringify({ html: renderToString(createElement(Cta)), visitor, score, band, browser: [init, onScore, track].map((f) => typeof f) }));
`,
    );
    const results: Record<string, string> = {};
    for (const [resolution, module] of Object.entries(MODES)) {
      const compilerOptions = { module, moduleResolution: resolution, target: 'es2022', lib: ['es2022', 'dom'], types: [], strict: true, skipLibCheck: false, outDir: `out-${resolution}` };
      writeFileSync(join(app, `tsconfig.${resolution}.json`), JSON.stringify({ compilerOptions, include: ['src'] }, null, 2));
      const checked = await run(process.execPath, [TSC, '-p', `tsconfig.${resolution}.json`], { cwd: app }).then(
        () => 'ok',
        (e: { stdout: string }) => e.stdout.trim(),
      );
      results[resolution] = checked;
    }
    console.log(`type-check of the packed SDK: ${Object.entries(results).map(([r, v]) => `${r} ${v == 'ok' ? 'ok' : 'FAILED'}`).join(', ')}`);
    expect(results).toEqual({ bundler: 'ok', node16: 'ok', nodenext: 'ok' });
  });

  it('bundles with rollup through the package exports, with one copy of the SDK, and runs', { timeout: 120_000 }, async () => {
    // tsc wrote the entry's JavaScript (out-nodenext/main.js) in the type-check above.
    const bundle = await rollup({
      input: join(app, 'out-nodenext/main.js'),
      // React stays the app's (a peer dependency): the bundle holds the entry and the package's modules.
      external: (id) => /^react(-dom)?(\/|$)/.test(id),
      plugins: [resolveNode({ rootDir: app })],
      onwarn: (warning) => {
        throw new Error(`rollup: ${warning.message}`);
      },
    });
    const { output } = await bundle.write({ file: join(app, 'bundle.mjs'), format: 'es' });
    await bundle.close();
    const modules = Object.keys(output[0].modules).map((m) => m.slice(app.length + 1));
    // The hook's import of the SDK is the entry's import of it: one module, so one client on the page.
    expect(modules.sort()).toEqual(['node_modules/leadpulse/dist/lp.mjs', 'node_modules/leadpulse/dist/react.mjs', 'node_modules/leadpulse/dist/server.mjs', 'out-nodenext/main.js']);
    expect(output[0].imports.sort()).toEqual(['react', 'react-dom/server']);

    const { stdout } = await run(process.execPath, ['bundle.mjs'], { cwd: app });
    expect(JSON.parse(stdout)).toEqual({
      html: '<a href="/resources">cold 0</a>',
      visitor: 'Q2xhcmEgTGltYSBPbmxp',
      score: { score: 0, band: 'cold' },
      band: 'cold',
      browser: ['function', 'function', 'function'],
    });
  });
});
