// The head snippet has one source (headSnippet.ts and headSnippet.css, built into sdk/dist/head-snippet.html);
// the README (or the docs it moves to) and every demo page carry the built bytes. Needs a build (npm test builds).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, expect, it } from 'vitest';

const BUILT = 'sdk/dist/head-snippet.html';
const built = () => {
  expect(existsSync(BUILT), `${BUILT} is missing: run npm run build`).toBe(true);
  return readFileSync(BUILT, 'utf8');
};

/** Files under `dir` whose names end in `ext`, at any depth; none when the folder does not exist. */
const filesUnder = (dir: string, ext: string) =>
  existsSync(dir) ? readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith(ext)).map((f) => join(dir, f)).sort() : [];

beforeEach(() => {
  document.documentElement.className = '';
  localStorage.clear();
  delete (window as { lp?: unknown }).lp;
});

it('is built within its 400 bytes, script and style together', () => {
  expect(new TextEncoder().encode(built()).length).toBeLessThanOrEqual(400);
});

it('is the snippet block of the README (or of the docs), byte for byte', () => {
  const copies = ['README.md', ...filesUnder('docs', '.md')].flatMap((file) =>
    [...readFileSync(file, 'utf8').matchAll(/```html\n(<script>window\.lp=[\s\S]*?)\n```/g)].map((m) => ({ file, snippet: m[1] })),
  );
  expect(copies.length, 'no ```html block with the head snippet in README.md or docs/').toBeGreaterThan(0);
  for (const copy of copies) expect(copy).toEqual({ file: copy.file, snippet: built() });
});

it('is on every demo page once, byte for byte', () => {
  // The pages as served (their sources in demo-site/_src/ take it from the layout).
  const pages = filesUnder('demo-site', '.html').filter((f) => !f.startsWith('demo-site/_src/'));
  expect(pages.length).toBeGreaterThanOrEqual(8);
  for (const page of pages) {
    const html = readFileSync(page, 'utf8');
    expect({ page, copies: html.split('window.lp=window.lp').length - 1, exact: html.includes(built()) }).toEqual({ page, copies: 1, exact: true });
  }
});

it('queues the calls made before lp.js and marks <html> with the cached band, as built', () => {
  const script = /^<script>(.*)<\/script>\n<style>/.exec(built())![1]!;
  localStorage.setItem('lp_band', 'warm');
  new Function(script)();
  const lp = (window as unknown as { lp: ((...args: unknown[]) => void) & { q: IArguments[] } }).lp;
  lp('track', 'pricing_viewed');
  lp('identify', 'ana@example.com');
  expect(lp.q.map((args) => [...args])).toEqual([['track', 'pricing_viewed'], ['identify', 'ana@example.com']]);
  expect(document.documentElement.className.trim()).toBe('lp-warm');
});
