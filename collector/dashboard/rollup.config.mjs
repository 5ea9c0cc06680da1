// Builds the dashboard into collector/dashboard/dist, with the SDK's toolchain: main.ts and its helpers as one
// script (`app.js`, a strict IIFE minified by terser), app.css minified, and the HTML shell without its comments.
// scripts/embed-dashboard.mjs then embeds the three into the Worker.
import { readFileSync } from 'node:fs';
import terser from '@rollup/plugin-terser';
import typescript from '@rollup/plugin-typescript';
import { minifyCss } from '../../scripts/minifyCss.mjs';

const dir = 'collector/dashboard';

/** Emits the style sheet and the HTML shell next to the script. */
const staticFiles = () => ({
  name: 'dashboard-static-files',
  buildStart() {
    this.addWatchFile(`${dir}/app.css`);
    this.addWatchFile(`${dir}/index.html`);
  },
  generateBundle() {
    this.emitFile({ type: 'asset', fileName: 'app.css', source: minifyCss(readFileSync(`${dir}/app.css`, 'utf8')) });
    this.emitFile({ type: 'asset', fileName: 'index.html', source: readFileSync(`${dir}/index.html`, 'utf8').replace(/<!--[\s\S]*?-->\n?/g, '') });
  },
});

export default {
  input: `${dir}/main.ts`,
  output: {
    dir: `${dir}/dist`,
    entryFileNames: 'app.js',
    format: 'iife',
    plugins: [terser({ ecma: 2020, compress: { passes: 2 }, format: { comments: false } })],
  },
  plugins: [typescript({ tsconfig: `${dir}/tsconfig.json` }), staticFiles()],
};
