// Per-site API keys, managed with the admin token only (requireScope.ts): created with a scope, listed
// masked, rotated and revoked; the key is shown once, and its site's object keeps only a digest.
import { Hono } from 'hono';
import type { z } from 'zod';
import { createKeyBody, type issuedKeyReply, keyParams, type keyListReply, type keySummary, siteParams } from '../apiSchemas';
import { maskedApiKey, mintApiKey } from '../auth/apiKey';
import type { Env } from '../env';
import { ApiError } from '../errors';
import { limitBody } from '../middleware/limitBody';
import { readJson } from '../middleware/readJson';
import { requireSite } from '../marketer/requireSite';
import { validate } from '../marketer/validate';
import { siteObject } from '../objects';
import { MAX_KEYS, type KeyRecord } from '../site/KeyStore';

/** The key routes, mounted under `/v1`. */
export const keys = new Hono<{ Bindings: Env }>();

/** Largest body `POST /v1/sites/:site/keys` accepts, in bytes. */
const MAX_KEY_BODY_BYTES = 1024;
const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

const summary = (site: string, k: KeyRecord): z.infer<typeof keySummary> => ({
  id: k.id,
  site,
  name: k.name,
  scope: k.scope,
  masked: maskedApiKey(site, k.id, k.tail),
  createdAt: iso(k.createdAt)!,
  rotatedAt: iso(k.rotatedAt),
  lastUsedAt: iso(k.lastUsedAt),
});
const unknownKey = (site: string, id: string) => new ApiError(404, 'unknown_key', `no API key '${id}' on site '${site}'`);

keys.post(
  '/sites/:site/keys',
  limitBody(MAX_KEY_BODY_BYTES),
  async (c) => {
    const { site } = validate(siteParams, c.req.param());
    const json = await readJson(c, 'invalid_request');
    const { scope, name } = validate(createKeyBody, json);
    await requireSite(c.env, site);
    const object = siteObject(c.env, site);
    // Ids are 48 random bits: a collision within one site is rare enough that a second draw settles it.
    for (let draw = 0; draw < 3; draw++) {
      const minted = await mintApiKey(site);
      const added = await object.createKey({ id: minted.id, name: name ?? null, scope, digest: minted.digest, tail: minted.tail }, Date.now());
      if (added === 'full') throw new ApiError(409, 'too_many_keys', `site '${site}' has ${MAX_KEYS} API keys, the most it may hold: revoke one first`);
      if (added === 'taken') continue;
      const reply: z.infer<typeof issuedKeyReply> = { ...summary(site, added), key: minted.key };
      return c.json(reply, 201);
    }
    throw new Error('could not draw an unused key id');
  },
);

keys.get('/sites/:site/keys', async (c) => {
  const { site } = validate(siteParams, c.req.param());
  await requireSite(c.env, site);
  const reply: z.infer<typeof keyListReply> = { keys: (await siteObject(c.env, site).listKeys()).map((k) => summary(site, k)) };
  return c.json(reply);
});

keys.post('/sites/:site/keys/:id/rotate', async (c) => {
  const { site, id } = validate(keyParams, c.req.param());
  await requireSite(c.env, site);
  const minted = await mintApiKey(site, id);
  const rotated = await siteObject(c.env, site).rotateKey(id, minted.digest, minted.tail, Date.now());
  if (!rotated) throw unknownKey(site, id);
  const reply: z.infer<typeof issuedKeyReply> = { ...summary(site, rotated), key: minted.key };
  return c.json(reply);
});

keys.delete('/sites/:site/keys/:id', async (c) => {
  const { site, id } = validate(keyParams, c.req.param());
  await requireSite(c.env, site);
  if (!(await siteObject(c.env, site).revokeKey(id))) throw unknownKey(site, id);
  return c.body(null, 204);
});
