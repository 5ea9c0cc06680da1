// Builds the SDK: the script-tag file `lp.js` (IIFE) and the ES module `lp.mjs`, minified with terser.
import terser from '@rollup/plugin-terser';
import typescript from '@rollup/plugin-typescript';

const ts = () => typescript({ tsconfig: 'tsconfig.json', include: ['sdk/src/**/*.ts'], exclude: ['**/*.test.ts'], compilerOptions: { noEmit: false, declaration: false } });
const min = () => terser({ ecma: 2020, compress: { passes: 3, unsafe_arrows: true }, mangle: { properties: { regex: /^_/ } }, format: { comments: false } });

export default [
  { input: 'sdk/src/lp.ts', output: { file: 'sdk/dist/lp.js', format: 'iife', plugins: [min()] }, plugins: [ts()] },
  { input: 'sdk/src/index.ts', output: { file: 'sdk/dist/lp.mjs', format: 'es', plugins: [min()] }, plugins: [ts()] },
];
