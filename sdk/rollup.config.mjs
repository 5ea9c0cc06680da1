// Builds the SDK: the script-tag file `lp.js` (a classic script in a block scope), the Web Vitals add-on
// `lp-vitals.js` (IIFE, loaded only with `data-vitals`) and the ES module `lp.mjs` with its type declarations,
// minified with terser.
import resolve from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import typescript from '@rollup/plugin-typescript';

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

export default [
  { input: 'sdk/src/lp.ts', output: { file: 'sdk/dist/lp.js', format: 'es', plugins: [min({ module: false, toplevel: true }), block()] }, plugins: [ts()] },
  { input: 'sdk/src/vitals.ts', output: { file: 'sdk/dist/lp-vitals.js', format: 'iife', strict: false, plugins: [min()] }, plugins: [resolve(), ts()] },
  { input: 'sdk/src/index.ts', output: { dir: 'sdk/dist', entryFileNames: 'lp.mjs', format: 'es', plugins: [min()] }, plugins: [ts(true)] },
];
