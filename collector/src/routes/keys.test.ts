// The key routes: create (shown once), list (masked), rotate and revoke, with the admin token; stored as digests.
import { env, runInDurableObject } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { issuedKeyReply, keyListReply } from '../apiSchemas';
import { apiKeyDigest } from '../auth/apiKey';
import { siteObject } from '../objects';
import type { SiteObject } from '../site/SiteObject';
import { MAX_KEYS } from '../site/KeyStore';
import { createKey, withKey } from '../../test/keys';
import { api, newSite } from '../../test/marketer';

const post = (site: string, body: unknown) => api(`/v1/sites/${site}/keys`, { method: 'POST', body: typeof body === 'string' ? body : JSON.stringify(body) });

describe('POST /v1/sites/:site/keys', () => {
  it('creates a key that names its site and id, shows it once, and works at once', async () => {
    const site = await newSite();
    const res = await post(site, { scope: 'read', name: ' dashboard ' });
    expect(res.status).toBe(201);
    const key = issuedKeyReply.parse(await res.json());
    expect(key).toMatchObject({ site, name: 'dashboard', scope: 'read', rotatedAt: null, lastUsedAt: null });
    expect(key.key).toMatch(new RegExp(`^lpk_${site}_${key.id}_[0-9a-f]{64}$`));
    expect(key.masked).toBe(`lpk_${site}_${key.id}_…${key.key.slice(-4)}`);
    expect((await withKey(key.key, `/v1/leads?site=${site}`)).status).toBe(200);
    // The demo site, shipped without a stored configuration, takes keys too.
    expect((await post('demo', { scope: 'write' })).status).toBe(201);
  });

  const refusals: [string, unknown, number, string, string][] = [
    ['no scope', {}, 400, 'invalid_request', 'scope: required'],
    ['an unknown scope', { scope: 'admin' }, 400, 'invalid_request', "scope: must be 'read' or 'write'"],
    ['an empty name', { scope: 'read', name: '  ' }, 400, 'invalid_request', 'name: must be 1 to 64 characters'],
    ['a name over 64 characters', { scope: 'read', name: 'n'.repeat(65) }, 400, 'invalid_request', 'name: must be 1 to 64 characters'],
    ['an unknown field', { scope: 'read', expires: 1 }, 400, 'invalid_request', 'Unrecognized key: "expires"'],
    ['a body that is not JSON', '{"scope":', 400, 'invalid_request', 'body is not valid JSON'],
    ['a body over 1 KiB', { scope: 'read', name: 'x'.repeat(2_000) }, 413, 'payload_too_large', 'body larger than 1024 bytes'],
  ];
  for (const [what, body, status, code, message] of refusals) {
    it(`answers ${what} with ${status} ${code} and creates nothing`, async () => {
      const site = await newSite();
      const res = await post(site, body);
      expect(res.status).toBe(status);
      expect(await res.json()).toEqual({ error: { code, message } });
      expect((await (await api(`/v1/sites/${site}/keys`)).json()) as unknown).toEqual({ keys: [] });
    });
  }

  it('answers an unknown site with 404', async () => {
    expect(await (await post('no-such-site', { scope: 'read' })).json()).toEqual({ error: { code: 'unknown_site', message: "unknown site 'no-such-site'" } });
  });

  it(`holds at most ${MAX_KEYS} keys per site (409)`, async () => {
    const site = await newSite();
    for (let i = 0; i < MAX_KEYS; i++) expect((await post(site, { scope: 'read' })).status).toBe(201);
    expect(await (await post(site, { scope: 'read' })).json()).toEqual({ error: { code: 'too_many_keys', message: `site '${site}' has ${MAX_KEYS} API keys, the most it may hold: revoke one first` } });
  });
});

describe('GET /v1/sites/:site/keys', () => {
  it('lists the keys masked, oldest first, with when each was last used, and never a secret', async () => {
    const site = await newSite();
    const read = await createKey(site, 'read', 'dashboard');
    const write = await createKey(site, 'write');
    expect((await withKey(read.key, `/v1/stats?site=${site}`)).status).toBe(200);
    const res = await api(`/v1/sites/${site}/keys`);
    const text = await res.text();
    for (const k of [read, write]) expect(text).not.toContain(k.key.slice(-64, -4));
    const { keys } = keyListReply.parse(JSON.parse(text));
    expect(keys.map(({ id, name, scope, masked }) => ({ id, name, scope, masked }))).toEqual([
      { id: read.id, name: 'dashboard', scope: 'read', masked: read.masked },
      { id: write.id, name: null, scope: 'write', masked: write.masked },
    ]);
    expect(Date.now() - Date.parse(keys[0]!.lastUsedAt!)).toBeLessThan(60_000);
    expect(keys[1]!.lastUsedAt).toBeNull();
  });

  it("stores only each key's SHA-256 digest", async () => {
    const site = await newSite();
    const key = await createKey(site, 'write');
    const rows = await runInDurableObject(siteObject(env, site), async (_o: SiteObject, state) => state.storage.sql.exec('SELECT * FROM api_keys').toArray());
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ id: key.id, scope: 'write', digest: await apiKeyDigest(key.key) });
    expect(JSON.stringify(rows)).not.toContain(key.key.slice(-64, -4));
  });
});

describe('POST /v1/sites/:site/keys/:id/rotate and DELETE /v1/sites/:site/keys/:id', () => {
  it('rotates a key: same id and scope, a new secret shown once, the old one refused at once', async () => {
    const site = await newSite();
    const old = await createKey(site, 'write', 'crm');
    const res = await api(`/v1/sites/${site}/keys/${old.id}/rotate`, { method: 'POST' });
    expect(res.status).toBe(200);
    const next = issuedKeyReply.parse(await res.json());
    expect(next).toMatchObject({ id: old.id, name: 'crm', scope: 'write', createdAt: old.createdAt });
    expect(next.rotatedAt).not.toBeNull();
    expect(next.key).not.toBe(old.key);
    expect(await (await withKey(old.key, `/v1/leads?site=${site}`)).json()).toEqual({ error: { code: 'unauthorized', message: 'unknown, revoked or rotated API key' } });
    expect((await withKey(next.key, `/v1/leads?site=${site}`)).status).toBe(200);
  });

  it('revokes a key at once; unknown ids get 404 and malformed ones 400', async () => {
    const site = await newSite();
    const key = await createKey(site, 'read');
    const other = await createKey(site, 'read');
    expect((await api(`/v1/sites/${site}/keys/${key.id}`, { method: 'DELETE' })).status).toBe(204);
    expect((await withKey(key.key, `/v1/leads?site=${site}`)).status).toBe(401);
    expect((await withKey(other.key, `/v1/leads?site=${site}`)).status).toBe(200);
    expect(await (await api(`/v1/sites/${site}/keys/${key.id}`, { method: 'DELETE' })).json()).toEqual({ error: { code: 'unknown_key', message: `no API key '${key.id}' on site '${site}'` } });
    expect((await api(`/v1/sites/${site}/keys/${key.id}/rotate`, { method: 'POST' })).status).toBe(404);
    expect(await (await api(`/v1/sites/${site}/keys/not-a-key/rotate`, { method: 'POST' })).json()).toEqual({ error: { code: 'invalid_request', message: 'id: must be a key id (12 hex digits)' } });
    expect(((await (await api(`/v1/sites/${site}/keys`)).json()) as { keys: { id: string }[] }).keys.map((k) => k.id)).toEqual([other.id]);
  });
});

describe('keys that are not keys of this collector', () => {
  it('refuses a malformed key, a key of an unknown site and a made-up secret with 401', async () => {
    const site = await newSite();
    const real = await createKey(site, 'read');
    const cases: [string, string][] = [
      [`lpk_${site}_${real.id}_${'0'.repeat(64)}`, 'unknown, revoked or rotated API key'],
      [real.key.replace(`lpk_${site}_`, 'lpk_no-such-site_'), 'unknown, revoked or rotated API key'],
      [real.key.slice(0, -1), 'malformed API key: expected lpk_<site>_<12 hex digits>_<64 hex digits>'],
      [real.key.toUpperCase().replace('LPK_', 'lpk_'), 'malformed API key: expected lpk_<site>_<12 hex digits>_<64 hex digits>'],
    ];
    for (const [key, message] of cases) {
      const res = await withKey(key, `/v1/leads?site=${site}`);
      expect({ key, status: res.status }).toEqual({ key, status: 401 });
      expect(await res.json()).toEqual({ error: { code: 'unauthorized', message } });
    }
  });
});
