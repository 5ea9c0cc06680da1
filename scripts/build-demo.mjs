// Lays out the demo site's pages in demo-site/ (what `--assets demo-site` serves, scripts/demoSite.mjs): each page
// source of demo-site/_src/pages in demo-site/_src/layout.html, so the head, the header and the footer are written
// once; the built pages sit beside the site's static files (style.css, site.js, files/) and are gitignored, and
// demo-site/.assetsignore keeps _src/ from being served. The head snippet comes from the built SDK
// (sdk/dist/head-snippet.html), so run it after rollup: `npm run build` does.
//
// A page source is its own head lines, then its <main> to the end. Its head lines are its <title> and <meta>
// lines (the layout's {{meta}}), then its scripts: those above a `{{lp.js}}` line load before the SDK's script tag
// ({{scripts before lp.js}}), the others after it ({{scripts}}). The page's own link in the nav gets
// aria-current="page". A layout line that is a {{slot}} is replaced by the slot's lines, none when it is empty.
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

const SNIPPET = 'sdk/dist/head-snippet.html';

/** The served path of a page file relative to the page sources: `index.html` is `/`, `blog/a.html` is `/blog/a`. */
const pathOf = (file) => `/${file.replace(/(^|\/)index\.html$/, '$1').replace(/\.html$/, '')}`;

/** The served HTML of the page source `source` (file `file` under the page sources), laid out in `layout`. */
function layOut(layout, source, file, snippet) {
  const lines = source.replace(/\n$/, '').split('\n');
  const main = lines.indexOf('<main>');
  if (main < 0) throw new Error(`${PAGES}/${file}: no <main> line`);
  const head = lines.slice(0, main);
  const firstScript = head.findIndex((line) => !/^<(title|meta)\b/.test(line));
  const meta = firstScript < 0 ? head : head.slice(0, firstScript);
  const scripts = firstScript < 0 ? [] : head.slice(firstScript);
  const sdk = scripts.indexOf('{{lp.js}}');
  const slots = {
    meta,
    'head snippet': snippet.split('\n'),
    'scripts before lp.js': sdk < 0 ? [] : scripts.slice(0, sdk),
    scripts: scripts.slice(sdk + 1),
    main: lines.slice(main),
  };
  const path = pathOf(file);
  const current = layout.replace(/<nav[\s\S]*?<\/nav>/, (nav) => nav.replace(`<a href="${path}">`, `<a href="${path}" aria-current="page">`));
  return current
    .split('\n')
    .flatMap((line) => {
      const slot = /^\{\{(.+)\}\}$/.exec(line)?.[1];
      if (slot === undefined) return [line];
      if (!(slot in slots)) throw new Error(`${LAYOUT}: unknown slot {{${slot}}}`);
      return slots[slot];
    })
    .join('\n');
}

const SITE = 'demo-site';
const PAGES = `${SITE}/_src/pages`;
const LAYOUT = `${SITE}/_src/layout.html`;
if (!existsSync(SNIPPET)) throw new Error(`${SNIPPET} is missing: run rollup first (npm run build)`);
const snippet = readFileSync(SNIPPET, 'utf8');
const layout = readFileSync(LAYOUT, 'utf8');
const pages = readdirSync(PAGES, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.html'));
// A page built before whose source is gone goes too.
for (const file of readdirSync(SITE, { recursive: true, encoding: 'utf8' })) {
  if (file.endsWith('.html') && !file.startsWith('_src') && !pages.includes(file)) rmSync(join(SITE, file));
}
for (const file of pages) {
  mkdirSync(dirname(join(SITE, file)), { recursive: true });
  writeFileSync(join(SITE, file), layOut(layout, readFileSync(join(PAGES, file), 'utf8'), file, snippet));
}
// (The message names no folder: a production deploy's output must not mention the demo site's, e2e/deploy.test.ts.)
console.log(`laid out ${pages.length} demo pages`);
