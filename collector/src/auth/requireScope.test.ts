// Every marketer route the app registers, called with API keys of each kind: a key reaches only its own
// site, within its scope, never key management; the admin token keeps full access.
import { beforeAll, describe, expect, it } from 'vitest';
import { AUTH, api, getJson, leadWithScore, newSite, testConfig } from '../../test/marketer';
import { createKey, marketerRoutes, withKey, type FilledRoute, type IssuedKey } from '../../test/keys';
import { SELF } from 'cloudflare:test';
import { ORIGIN } from '../../test/helpers';
import { requiredScope } from './requireScope';

let siteA: string;
let siteB: string;
let readA: IssuedKey;
let writeA: IssuedKey;
let writeB: IssuedKey;
let lead: string;
/** A key id no key has. */
const NO_KEY = '0123456789ab';

beforeAll(async () => {
  [siteA, siteB] = await Promise.all([newSite(), newSite()]);
  [readA, writeA, writeB] = await Promise.all([createKey(siteA, 'read', 'dashboard'), createKey(siteA, 'write', 'crm sync'), createKey(siteB, 'write')]);
  lead = await leadWithScore(siteA, 30);
});

const routes = () => marketerRoutes(siteA, lead, NO_KEY, testConfig());
const call = (key: string, r: FilledRoute) => withKey(key, r.path, { method: r.method, body: r.body });
const isKeyRoute = (r: FilledRoute) => requiredScope(r.method, r.route) === 'admin';
const isWrite = (r: FilledRoute) => requiredScope(r.method, r.route) === 'write';

async function expectRefusal(res: Response, r: FilledRoute, status: number, code: string, message?: string) {
  expect({ route: `${r.method} ${r.route}`, status: res.status }).toEqual({ route: `${r.method} ${r.route}`, status });
  expect(res.headers.get('content-type')).toContain('application/json');
  const body = (await res.json()) as { error: { code: string; message: string } };
  expect(body).toEqual({ error: { code, message: message ?? expect.any(String) } });
}

async function expectThrough(res: Response, r: FilledRoute) {
  expect({ route: `${r.method} ${r.route}`, status: res.status, through: res.status !== 401 && res.status !== 403 && res.status < 500 }).toEqual({
    route: `${r.method} ${r.route}`,
    status: res.status,
    through: true,
  });
  await res.body?.cancel();
}

describe('API keys on every marketer route', () => {
  it('walks every route the app registers, and each needs what its method says', () => {
    const listed = routes().map((r) => `${r.method} ${r.route} ${requiredScope(r.method, r.route)}`);
    expect(listed).toEqual(
      expect.arrayContaining([
        'GET /v1/leads read',
        'GET /v1/leads.csv read',
        'GET /v1/leads/:id read',
        'DELETE /v1/leads/:id write',
        'GET /v1/vitals read',
        'GET /v1/stats read',
        'GET /v1/sites/:site/config read',
        'PUT /v1/sites/:site/config write',
        'POST /v1/sites/:site/keys admin',
        'GET /v1/sites/:site/keys admin',
        'POST /v1/sites/:site/keys/:id/rotate admin',
        'DELETE /v1/sites/:site/keys/:id admin',
      ]),
    );
  });

  it("refuses a key of another site with 403 on every route (key management: admin only)", async () => {
    for (const r of routes()) {
      const res = await call(writeB.key, r);
      if (isKeyRoute(r)) await expectRefusal(res, r, 403, 'admin_only', 'managing API keys needs the admin token (API_TOKEN), not an API key');
      else await expectRefusal(res, r, 403, 'forbidden_site', `this API key belongs to site '${siteB}'; it cannot reach site '${siteA}'`);
    }
  });

  it('refuses a read key with 403 on every write route, and lets it through on every read route', async () => {
    for (const r of routes()) {
      const res = await call(readA.key, r);
      if (isKeyRoute(r)) await expectRefusal(res, r, 403, 'admin_only');
      else if (isWrite(r)) await expectRefusal(res, r, 403, 'insufficient_scope', `this API key has read scope; ${r.method} needs a key with write scope`);
      else await expectThrough(res, r);
    }
    // The refused writes changed nothing.
    expect((await getJson(`/v1/leads/${lead}?site=${siteA}`)).score).toBe(30);
    expect(await getJson(`/v1/sites/${siteA}/config`)).toMatchObject({ bands: testConfig().bands });
  });

  it('lets a write key through on every route of its site but key management', async () => {
    for (const r of routes()) {
      const res = await call(writeA.key, r);
      if (isKeyRoute(r)) await expectRefusal(res, r, 403, 'admin_only');
      else await expectThrough(res, r);
    }
  });

  it('refuses a revoked key with 401 on every route, at once', async () => {
    const key = await createKey(siteA, 'write');
    expect((await withKey(key.key, `/v1/leads?site=${siteA}`)).status).toBe(200);
    expect((await api(`/v1/sites/${siteA}/keys/${key.id}`, { method: 'DELETE' })).status).toBe(204);
    for (const r of routes()) {
      const res = await call(key.key, r);
      await expectRefusal(res, r, 401, 'unauthorized', 'unknown, revoked or rotated API key');
      expect(res.headers.get('www-authenticate')).toBe('Bearer realm="leadpulse"');
    }
  });

  it('still serves the admin token everywhere', async () => {
    for (const r of routes()) await expectThrough(await SELF.fetch(`${ORIGIN}${r.path}`, { method: r.method, headers: AUTH, body: r.body }), r);
  });
});

describe('the site a key may reach', () => {
  it('is read as the routes read it: the first ?site= and the decoded :site', async () => {
    const first = await withKey(readA.key, `/v1/stats?site=${siteA}&site=${siteB}`);
    expect(first.status).toBe(200);
    expect(((await first.json()) as { site: string }).site).toBe(siteA);
    const other = await withKey(readA.key, `/v1/stats?site=${siteB}&site=${siteA}`);
    expect(other.status).toBe(403);
    const encoded = `%${siteA.charCodeAt(0).toString(16)}${siteA.slice(1)}`;
    expect((await withKey(readA.key, `/v1/sites/${encoded}/config`)).status).toBe(200);
    expect((await withKey(writeB.key, `/v1/sites/${encoded}/config`)).status).toBe(403);
  });

  it('refuses a request that names no site, and paths that match no route, with 403', async () => {
    const noSite = await withKey(writeA.key, '/v1/leads');
    expect(await noSite.json()).toEqual({ error: { code: 'forbidden_site', message: `this API key belongs to site '${siteA}'; the request names no site` } });
    expect((await withKey(writeA.key, '/v1/secret-route')).status).toBe(403);
  });
});
