// `GET /v1/score` for the page and for sites' own servers (server-side personalization): the published
// score from KV, an identified visitor's lead's score, and HTTP caching with ETag revalidation.
import { SELF } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { collect, newVisitor, ORIGIN, pageview, signedIdentify, webinar } from '../../test/helpers';

const score = (query: string, headers: Record<string, string> = {}) => SELF.fetch(`${ORIGIN}/v1/score?${query}`, { headers });

describe('GET /v1/score', () => {
  it('answers an unknown visitor 0 and cold', async () => {
    const res = await score(`site=demo&visitor=${newVisitor()}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('application/json');
    expect(await res.json()).toEqual({ score: 0, band: 'cold' });
  });

  it('answers the score the collect reply gave, once published', async () => {
    const visitor = newVisitor();
    const reply = await (await collect({ site: 'demo', visitor, events: [pageview('/pricing'), webinar()] })).json();
    expect(reply).toEqual({ score: 50, band: 'warm' });
    expect(await (await score(`site=demo&visitor=${visitor}`)).json()).toEqual(reply);
  });

  it('answers an identified visitor with its lead’s score, shared by all its devices', async () => {
    const lead = `ana+${newVisitor()}@example.com`;
    const [laptop, phone] = [newVisitor(), newVisitor()];
    await collect({ site: 'demo', visitor: laptop, events: [pageview('/pricing'), await signedIdentify('demo', lead)] });
    // A band change is published at once (SPEC.md §4).
    const reply = await (await collect({ site: 'demo', visitor: phone, events: [await signedIdentify('demo', lead), webinar()] })).json();
    expect(reply).toEqual({ score: 50, band: 'warm' });
    for (const v of [laptop, phone]) expect(await (await score(`site=demo&visitor=${v}`)).json()).toEqual(reply);
  });

  it('is cacheable for a few seconds, with an ETag that turns a repeat into a 304', async () => {
    const visitor = newVisitor();
    await collect({ site: 'demo', visitor, events: [webinar()] });
    const first = await score(`site=demo&visitor=${visitor}`);
    expect(first.headers.get('cache-control')).toBe('public, max-age=10, stale-while-revalidate=50');
    const etag = first.headers.get('etag')!;
    expect(etag).toMatch(/^"[^"]+"$/);

    const again = await score(`site=demo&visitor=${visitor}`, { 'If-None-Match': etag });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');
    expect(again.headers.get('etag')).toBe(etag);
    expect(again.headers.get('cache-control')).toBe('public, max-age=10, stale-while-revalidate=50');
    expect((await score(`site=demo&visitor=${visitor}`, { 'If-None-Match': `W/${etag}, "other"` })).status).toBe(304);

    // The band changes: the old ETag no longer matches, the new score comes in full.
    await collect({ site: 'demo', visitor, events: [webinar(), pageview('/pricing'), pageview('/pricing'), pageview('/pricing')] });
    const changed = await score(`site=demo&visitor=${visitor}`, { 'If-None-Match': etag });
    expect(changed.status).toBe(200);
    expect(changed.headers.get('etag')).not.toBe(etag);
    expect(await changed.json()).toEqual({ score: 100, band: 'hot' });
  });

  it('answers a browser on one of the site’s origins with CORS headers that vary by origin', async () => {
    const res = await score(`site=demo&visitor=${newVisitor()}`, { Origin: 'http://localhost:8787' });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe('http://localhost:8787');
    expect(res.headers.get('vary')).toContain('Origin');
  });

  it('refuses a browser on an origin the site does not allow with 403 (SPEC.md §4)', async () => {
    const res = await score(`site=demo&visitor=${newVisitor()}`, { Origin: 'https://shop.example' });
    expect(res.status).toBe(403);
    expect(await res.json()).toEqual({ error: { code: 'forbidden_origin', message: 'origin https://shop.example is not allowed for this site' } });
  });

  for (const [what, query, status, code] of [
    ['a malformed visitor id', 'site=demo&visitor=short', 400, 'invalid_payload'],
    ['a missing visitor', 'site=demo', 400, 'invalid_payload'],
    ['a malformed site', `site=Demo!&visitor=${newVisitor()}`, 400, 'invalid_payload'],
    ['an unknown site', `site=nosuchsite&visitor=${newVisitor()}`, 404, 'unknown_site'],
  ] as const) {
    it(`refuses ${what} with ${status} ${code}, uncached`, async () => {
      const res = await score(query);
      expect(res.status).toBe(status);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe(code);
      expect(res.headers.get('cache-control')).toBeNull();
    });
  }
});
