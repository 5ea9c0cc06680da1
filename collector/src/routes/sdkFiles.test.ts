// The SDK files revalidate with their ETag, and a 304 keeps the headers a cross-origin page needs.
import { SELF } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { ORIGIN } from '../../test/helpers';

describe('GET /lp.js', () => {
  it('answers a revalidation with 304 and the same CORS and caching headers', async () => {
    const first = await SELF.fetch(`${ORIGIN}/lp.js`);
    expect(first.status).toBe(200);
    const etag = first.headers.get('ETag')!;
    expect(etag).toMatch(/^"/);
    await first.body?.cancel();
    const again = await SELF.fetch(`${ORIGIN}/lp.js`, { headers: { 'If-None-Match': etag } });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');
    for (const h of ['ETag', 'Cache-Control', 'Access-Control-Allow-Origin', 'Cross-Origin-Resource-Policy']) expect(again.headers.get(h)).toBe(first.headers.get(h));
    const other = await SELF.fetch(`${ORIGIN}/lp.js`, { headers: { 'If-None-Match': '"stale"' } });
    expect(other.status).toBe(200);
    await other.body?.cancel();
  });
});
