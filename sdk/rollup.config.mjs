// Builds the SDK: the script-tag file `lp.js` (a classic script in a block scope), the Web Vitals add-on
// `lp-vitals.js` (IIFE, loaded only with `data-vitals`), the head snippet `head-snippet.html` (script and style
// inlined), and the npm package's modules (sdk/package.json `exports`): `lp.mjs`, `react.mjs` and `server.mjs`
// with their type declarations; minified with terser.
import { readFileSync } from 'node:fs';
import resolve from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import typescript from '@rollup/plugin-typescript';
import { minifyCss } from '../scripts/minifyCss.mjs';

const ts = (declaration = false) => typescript({ tsconfig: 'sdk/tsconfig.json', compilerOptions: declaration ? { declaration, declarationDir: 'sdk/dist/types' } : {} });
// Terser mangles `_`-prefixed properties (web-vitals' trick) and may assume that getters have no side effects.
// It leaves comparisons as written (`a == 'x'`, not `'x' == a`): that repeats the source's patterns, which
// brotli encodes in fewer bytes than the shorter forms (`npm run size` measures each option).
const min = (options = {}) =>
  terser({
    ...options,
    ecma: 2020,
    compress: { passes: 4, unsafe: true, pure_getters: true, booleans_as_integers: true, comparisons: false, lhs_constants: false },
    mangle: { properties: { regex: /^_/ } },
    format: { comments: false },
  });
// lp.js is a classic script: its code needs a scope of its own so that nothing leaks into the page's globals. A
// block scopes `const` and `let` as an IIFE's function does, in 14 bytes less, as long as the bundle declares no
// `var`, `function` or `class` (they would leak from a block): built as an ES module without exports, minified with
// top-level names mangled, then wrapped in braces, and the build fails if the wrapper would not hold.
// (Rollup also ends each file with a newline; without it, lp.js is 4 bytes smaller in brotli.)
const block = () => ({
  name: 'block-scope',
  generateBundle(_, bundle) {
    for (const file of Object.values(bundle)) {
      if (file.type != 'chunk') continue;
      if (/\b(var|function|class|import|export)\b/.test(file.code)) this.error(`${file.fileName}: a top-level block cannot scope this code`);
      file.code = `{${file.code.trimEnd()}}`;
    }
  },
});

// The head snippet is pasted into pages, so its bytes are kept as published: ES5 (any browser runs it), names as
// written, statements not merged into a sequence, and no `;` at the end of the script. Its chunk becomes the
// `<script>` of head-snippet.html, followed by headSnippet.css as a `<style>`.
const snippet = () => ({
  name: 'head-snippet',
  generateBundle(_, bundle) {
    const [name, chunk] = Object.entries(bundle).find(([, file]) => file.type == 'chunk');
    delete bundle[name];
    const css = minifyCss(readFileSync('sdk/src/headSnippet.css', 'utf8'));
    this.emitFile({ type: 'asset', fileName: 'head-snippet.html', source: `<script>${chunk.code.trim().replace(/;$/, '')}</script>\n<style>${css}</style>` });
  },
});

export default [
  { input: 'sdk/src/lp.ts', output: { file: 'sdk/dist/lp.js', format: 'es', plugins: [min({ module: false, toplevel: true }), block()] }, plugins: [ts()] },
  { input: 'sdk/src/vitals.ts', output: { file: 'sdk/dist/lp-vitals.js', format: 'iife', strict: false, plugins: [min()] }, plugins: [resolve(), ts()] },
  { input: 'sdk/src/models.ts', output: { file: 'sdk/dist/lp-models.js', format: 'iife', strict: false, plugins: [min()] }, plugins: [ts()] },
  {
    input: 'sdk/src/headSnippet.ts',
    output: {
      dir: 'sdk/dist',
      format: 'es',
      plugins: [terser({ ecma: 5, compress: { sequences: false, comparisons: false, lhs_constants: false }, mangle: false, format: { comments: false } }), snippet()],
    },
    plugins: [ts()],
  },
  // Declarations of every module (sdk/tsconfig.json compiles them as Node resolves them: `.js` in each import).
  { input: 'sdk/src/index.ts', output: { dir: 'sdk/dist', entryFileNames: 'lp.mjs', format: 'es', plugins: [min()] }, plugins: [ts(true)] },
  // The hook imports the SDK's one instance from lp.mjs rather than a copy of its own (a copy would start a second
  // client); React comes from the application.
  {
    input: 'sdk/src/react.ts',
    external: ['react', './index.js'],
    output: { file: 'sdk/dist/react.mjs', format: 'es', paths: (id) => (id.endsWith('/index.js') ? './lp.mjs' : id), plugins: [min()] },
    plugins: [ts()],
  },
  { input: 'sdk/src/server.ts', output: { file: 'sdk/dist/server.mjs', format: 'es', plugins: [min()] }, plugins: [ts()] },
];
