import { createExecutionContext, env, SELF, waitOnExecutionContext } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { app } from '../app';
import { ORIGIN } from '../../test/helpers';
import { TOKEN } from '../../test/marketer';
import { NO_TOKEN_MESSAGE } from './requireToken';
import { tokenMatches } from './tokenMatches';

/** Every route the app registers that is neither public nor static: the marketer API. */
const PUBLIC = new Set(['/v1/collect', '/v1/score']);
const marketerRoutes = () => {
  const seen = new Set<string>();
  return app.routes
    .filter((r) => r.method !== 'ALL' && r.path.startsWith('/v1/') && !PUBLIC.has(r.path))
    .map((r) => ({ method: r.method, path: r.path.replace(':site', 'demo').replace(':id', 'someone%40example.com') + (r.path.includes(':site') ? '' : '?site=demo') }))
    .filter((r) => !seen.has(`${r.method} ${r.path}`) && seen.add(`${r.method} ${r.path}`));
};

async function call(route: { method: string; path: string }, headers: Record<string, string>) {
  const body = route.method === 'PUT' || route.method === 'POST' ? '{}' : undefined;
  return SELF.fetch(`${ORIGIN}${route.path}`, { method: route.method, headers, body });
}

describe('bearer token of the marketer API', () => {
  it('covers every marketer route the app registers', () => {
    const listed = marketerRoutes().map((r) => `${r.method} ${r.path.split('?')[0]}`);
    expect(listed).toEqual(
      expect.arrayContaining([
        'GET /v1/leads',
        'GET /v1/leads.csv',
        'GET /v1/leads/someone%40example.com',
        'DELETE /v1/leads/someone%40example.com',
        'GET /v1/vitals',
        'GET /v1/stats',
        'GET /v1/sites/demo/config',
        'PUT /v1/sites/demo/config',
      ]),
    );
  });

  const refusals: [string, Record<string, string>, string][] = [
    ['no Authorization header', {}, 'missing Authorization header: send Authorization: Bearer <API_TOKEN>'],
    ['an empty Authorization header', { Authorization: '' }, 'missing Authorization header: send Authorization: Bearer <API_TOKEN>'],
    ['Basic credentials', { Authorization: `Basic ${btoa(`user:${TOKEN}`)}` }, 'malformed Authorization header: expected Bearer <API_TOKEN>'],
    ['Bearer without a token', { Authorization: 'Bearer ' }, 'malformed Authorization header: expected Bearer <API_TOKEN>'],
    ['the token without the scheme', { Authorization: TOKEN }, 'malformed Authorization header: expected Bearer <API_TOKEN>'],
    ['two tokens', { Authorization: `Bearer ${TOKEN} ${TOKEN}` }, 'malformed Authorization header: expected Bearer <API_TOKEN>'],
    ['a wrong token', { Authorization: 'Bearer not-the-token' }, 'wrong API token'],
    ['the token with a character more', { Authorization: `Bearer ${TOKEN}x` }, 'wrong API token'],
    ['a prefix of the token', { Authorization: `Bearer ${TOKEN.slice(0, -1)}` }, 'wrong API token'],
    ['the token in another case', { Authorization: `Bearer ${TOKEN.toUpperCase()}` }, 'wrong API token'],
  ];

  for (const [what, headers, message] of refusals) {
    it(`answers ${what} with 401 JSON on every marketer route`, async () => {
      for (const route of marketerRoutes()) {
        const res = await call(route, headers);
        expect({ route, status: res.status }).toEqual({ route, status: 401 });
        expect(res.headers.get('content-type')).toContain('application/json');
        expect(res.headers.get('www-authenticate')).toBe('Bearer realm="leadpulse"');
        expect(await res.json()).toEqual({ error: { code: 'unauthorized', message } });
      }
    });
  }

  it('lets the right token through on every marketer route (any case of the scheme), and never as a 401', async () => {
    for (const route of marketerRoutes()) {
      for (const scheme of ['Bearer', 'bearer']) {
        const res = await call(route, { Authorization: `${scheme} ${TOKEN}` });
        expect({ route, status: res.status }).not.toEqual({ route, status: 401 });
        expect(res.status).toBeLessThan(500);
        await res.body?.cancel();
      }
    }
  });

  it('also guards /v1 paths that match no route, so the API does not reveal which exist', async () => {
    const res = await SELF.fetch(`${ORIGIN}/v1/secret-route`);
    expect(res.status).toBe(401);
    const authed = await SELF.fetch(`${ORIGIN}/v1/secret-route`, { headers: { Authorization: `Bearer ${TOKEN}` } });
    expect(authed.status).toBe(404);
    expect(await authed.json()).toMatchObject({ error: { code: 'not_found' } });
  });

  it('keeps the browser routes, the dashboard page and the OpenAPI document public', async () => {
    expect((await SELF.fetch(`${ORIGIN}/v1/score?site=demo&visitor=aaaaaaaaaaaaaaaaaaaa`)).status).toBe(200);
    expect((await SELF.fetch(`${ORIGIN}/dashboard`)).status).toBe(200);
    expect((await SELF.fetch(`${ORIGIN}/dashboard/app.js`)).status).toBe(200);
    expect((await SELF.fetch(`${ORIGIN}/openapi.json`)).status).toBe(200);
  });

  it('never challenges the browser routes written with a trailing slash: they get a JSON 404', async () => {
    const visitor = 'aaaaaaaaaaaaaaaaaaaa';
    for (const [method, path] of [['GET', `/v1/score/?site=demo&visitor=${visitor}`], ['POST', '/v1/collect/']] as const) {
      const body = method === 'POST' ? JSON.stringify({ site: 'demo', visitor, events: [{ id: 'e1234567', type: 'visit', ts: Date.now() }] }) : undefined;
      const res = await SELF.fetch(`${ORIGIN}${path}`, { method, body });
      expect({ path, status: res.status, challenge: res.headers.get('www-authenticate') }).toEqual({ path, status: 404, challenge: null });
      expect(await res.json()).toMatchObject({ error: { code: 'not_found' } });
    }
  });

  it('marks authenticated replies as not cacheable', async () => {
    const res = await SELF.fetch(`${ORIGIN}/v1/leads?site=demo`, { headers: { Authorization: `Bearer ${TOKEN}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('refuses every marketer route with 503 and how to set a token when the Worker has none, whatever the header', async () => {
    for (const token of [undefined, '']) {
      for (const route of marketerRoutes()) {
        for (const headers of [{}, { Authorization: `Bearer ${TOKEN}` }, { Authorization: 'Bearer ' }] as Record<string, string>[]) {
          const ctx = createExecutionContext();
          const body = route.method === 'PUT' ? '{}' : undefined;
          const res = await app.fetch(new Request(`${ORIGIN}${route.path}`, { method: route.method, headers, body }), { ...env, API_TOKEN: token }, ctx);
          await waitOnExecutionContext(ctx);
          expect({ route, status: res.status }).toEqual({ route, status: 503 });
          expect(await res.json()).toEqual({ error: { code: 'api_token_not_configured', message: NO_TOKEN_MESSAGE } });
        }
      }
    }
    expect(NO_TOKEN_MESSAGE).toContain('.dev.vars');
    expect(NO_TOKEN_MESSAGE).toContain('wrangler secret put API_TOKEN');
  });

  it('still serves the browser routes when no token is configured', async () => {
    const ctx = createExecutionContext();
    const res = await app.fetch(new Request(`${ORIGIN}/v1/score?site=demo&visitor=aaaaaaaaaaaaaaaaaaaa`), { ...env, API_TOKEN: undefined }, ctx);
    await waitOnExecutionContext(ctx);
    expect(res.status).toBe(200);
  });
});

describe('tokenMatches', () => {
  it('accepts the same token and refuses any other, whatever their lengths', async () => {
    expect(await tokenMatches('abc', 'abc')).toBe(true);
    expect(await tokenMatches('abd', 'abc')).toBe(false);
    expect(await tokenMatches('ab', 'abc')).toBe(false);
    expect(await tokenMatches('', 'abc')).toBe(false);
    expect(await tokenMatches('x'.repeat(10_000), 'abc')).toBe(false);
  });
});
