// Builds the SDK: the script-tag file `lp.js` (IIFE), the Web Vitals add-on `lp-vitals.js` (IIFE, loaded
// only with `data-vitals`) and the ES module `lp.mjs` with its type declarations, minified with terser.
import resolve from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import typescript from '@rollup/plugin-typescript';

const ts = (declaration = false) => typescript({ tsconfig: 'sdk/tsconfig.json', compilerOptions: declaration ? { declaration, declarationDir: 'sdk/dist/types' } : {} });
// Terser mangles `_`-prefixed properties (web-vitals' trick) and may assume that getters have no side effects.
const min = () => terser({ ecma: 2020, compress: { passes: 4, unsafe: true, pure_getters: true, booleans_as_integers: true }, mangle: { properties: { regex: /^_/ } }, format: { comments: false } });

export default [
  { input: 'sdk/src/lp.ts', output: { file: 'sdk/dist/lp.js', format: 'iife', strict: false, plugins: [min()] }, plugins: [ts()] },
  { input: 'sdk/src/vitals.ts', output: { file: 'sdk/dist/lp-vitals.js', format: 'iife', strict: false, plugins: [min()] }, plugins: [resolve(), ts()] },
  { input: 'sdk/src/index.ts', output: { dir: 'sdk/dist', entryFileNames: 'lp.mjs', format: 'es', plugins: [min()] }, plugins: [ts(true)] },
];
