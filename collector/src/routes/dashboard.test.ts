import { SELF } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { collect, newVisitor, ORIGIN, pageview } from '../../test/helpers';

const CSP = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";
const directives = (csp: string | null) => (csp ?? '').split(';').map((d) => d.trim()).filter(Boolean).sort();

describe('/dashboard', () => {
  const files: [string, string][] = [
    ['/dashboard', 'text/html; charset=utf-8'],
    ['/dashboard/app.js', 'text/javascript; charset=utf-8'],
    ['/dashboard/app.css', 'text/css; charset=utf-8'],
  ];

  for (const [path, type] of files) {
    it(`serves ${path} publicly under a strict Content-Security-Policy`, async () => {
      const res = await SELF.fetch(`${ORIGIN}${path}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe(type);
      expect(directives(res.headers.get('content-security-policy'))).toEqual(directives(CSP));
      expect(res.headers.get('x-frame-options')).toBe('DENY');
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('referrer-policy')).toBe('no-referrer');
      expect(res.headers.get('cross-origin-opener-policy')).toBe('same-origin');
    });
  }

  it('loads nothing but its own script and style sheet: no inline code, no external resources', async () => {
    const html = await (await SELF.fetch(`${ORIGIN}/dashboard`)).text();
    const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts.map((m) => m[1]!.trim())).toEqual(['src="/dashboard/app.js" defer']);
    expect(scripts.every((m) => m[2] === '')).toBe(true);
    expect(html).not.toMatch(/<style|\sstyle=|\son[a-z]+=/i);
    const urls = [...html.matchAll(/\s(?:src|href)="([^"]*)"/g)].map((m) => m[1]);
    expect(urls).toEqual(['data:,', '/dashboard/app.css', '/dashboard/app.js']);
    const css = await (await SELF.fetch(`${ORIGIN}/dashboard/app.css`)).text();
    expect(css).not.toMatch(/url\(|@import|https?:/);
    const js = await (await SELF.fetch(`${ORIGIN}/dashboard/app.js`)).text();
    // Data from visitors (lead ids, traits, paths) must never be parsed as HTML.
    expect(js).not.toMatch(/innerHTML|outerHTML|insertAdjacentHTML|document\.write|eval\(|new Function/);
    // The token goes to this tab's session storage (the script is minified: names are the build's).
    expect(js).toMatch(/sessionStorage\.setItem\(/);
    expect(js).not.toContain('localStorage');
  });

  it('leaves the SDK and the browser routes free of the dashboard’s headers, so customer sites can use them', async () => {
    const visitor = newVisitor();
    const customer = 'http://localhost:8787';
    const replies = {
      sdk: await SELF.fetch(`${ORIGIN}/lp.js`, { headers: { Origin: 'https://customer.example' } }),
      score: await SELF.fetch(`${ORIGIN}/v1/score?site=demo&visitor=${visitor}`, { headers: { Origin: customer } }),
      collect: await collect({ site: 'demo', visitor, events: [pageview('/')] }, { Origin: customer }),
      preflight: await SELF.fetch(`${ORIGIN}/v1/collect`, { method: 'OPTIONS', headers: { Origin: customer, 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'content-type' } }),
    };
    for (const [what, res] of Object.entries(replies)) {
      expect({ what, ok: res.status < 300 }).toEqual({ what, ok: true });
      for (const header of ['content-security-policy', 'x-frame-options', 'cross-origin-opener-policy', 'cross-origin-embedder-policy', 'referrer-policy']) {
        expect({ what, header, value: res.headers.get(header) }).toEqual({ what, header, value: null });
      }
      expect(res.headers.get('cross-origin-resource-policy') ?? 'cross-origin').toBe('cross-origin');
      await res.body?.cancel();
    }
    expect(replies.sdk.headers.get('access-control-allow-origin')).toBe('*');
    expect(replies.score.headers.get('access-control-allow-origin')).toBe(customer);
    expect(replies.collect.headers.get('access-control-allow-origin')).toBe(customer);
  });
});
