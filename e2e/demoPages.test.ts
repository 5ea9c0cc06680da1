// The demo pages as `npm run build` lays them out (scripts/build-demo.mjs): demo-site/_src/layout.html around each
// page of demo-site/_src/pages, written beside the site's static files in demo-site/, which wrangler serves (all
// but _src/, demo-site/.assetsignore). Needs a build (npm test builds).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const SOURCES = 'demo-site/_src/pages';
const BUILT = 'demo-site';

const served = (page: string) => {
  expect(existsSync(join(BUILT, page)), `${BUILT}/${page} is missing: run npm run build`).toBe(true);
  return readFileSync(join(BUILT, page), 'utf8');
};
/** The served page's <head> script tags' `src`, in order. */
const scripts = (page: string) => [...served(page).split('</head>')[0]!.matchAll(/<script defer src="([^"]+)"/g)].map((m) => m[1]);
/** The files under `dir`, at any depth, relative to it. */
const filesUnder = (dir: string) =>
  readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)))
    .sort();
const pages = filesUnder(SOURCES);

describe('the demo pages, laid out', () => {
  it('lays out every page source and no other page, and keeps the sources from being served', () => {
    const served = filesUnder(BUILT).filter((f) => !f.startsWith('_src/') && f !== '.assetsignore');
    expect(served.filter((f) => f.endsWith('.html'))).toEqual(pages);
    expect(served.filter((f) => !f.endsWith('.html'))).toEqual(['files/month-end-close-guide.pdf', 'files/roi-calculator.xlsx', 'site.js', 'style.css']);
    expect(readFileSync(join(BUILT, '.assetsignore'), 'utf8').split('\n')).toContain('_src');
  });

  it('fills every slot of the layout, and keeps the page: its title, then the head snippet, its <main> between header and footer', () => {
    for (const page of pages) {
      const html = served(page);
      const source = readFileSync(join(SOURCES, page), 'utf8');
      expect(html, page).not.toContain('{{');
      expect(html.indexOf('<title>'), page).toBeLessThan(html.indexOf('<script>window.lp='));
      expect(html, page).toContain(source.slice(source.indexOf('<main>')));
      expect(html, page).toContain('</header>\n<main>');
      expect(html, page).toContain('</main>\n<footer class="site-footer">');
    }
  });

  it("marks the page's own link in the nav as the current page, and no other", () => {
    const current = Object.fromEntries(pages.map((page) => [page, [...served(page).matchAll(/<a href="([^"]+)" aria-current="page">/g)].map((m) => m[1])]));
    expect(current).toEqual({
      '404.html': [],
      'analytics.html': [],
      'billing.html': [],
      'blog/closing-the-books-faster.html': ['/blog/closing-the-books-faster'],
      'careers.html': ['/careers'],
      'contact.html': ['/contact'],
      'index.html': ['/'],
      'pricing.html': ['/pricing'],
      'product.html': ['/product'],
      'resources.html': ['/resources'],
    });
  });

  it('loads lp.js once on every page, after the scripts a page puts above {{lp.js}} and before its others', () => {
    for (const page of pages) expect(scripts(page).filter((src) => src === '/lp.js'), page).toEqual(['/lp.js']);
    expect(scripts('contact.html')).toEqual(['/site.js', '/lp.js']);
    expect(scripts('billing.html')).toEqual(['/lp.js', '/lp-models.js']);
    expect(scripts('index.html')).toEqual(['/lp.js']);
  });
});
