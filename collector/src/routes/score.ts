// `GET /v1/score`: a visitor's published score, read from KV (its lead's, once identified). Browsers and
// sites' own servers (server-side personalization) call it, so it answers from KV's edge cache with HTTP
// caching a server can lean on: a short max-age, stale-while-revalidate and an ETag for 304s.
import { Hono } from 'hono';
import { assertOrigin } from '../auth/assertOrigin';
import type { Env } from '../env';
import { ApiError } from '../errors';
import { conditionalGet } from '../middleware/conditionalGet';
import { pointerKey, scoreKey, visitorObjectName } from '../lead/leadName';
import type { ScoreReply } from '../scoring/scoreLead';
import { getSiteConfig } from '../site/siteConfig';
import { scoreQuery } from '../apiSchemas';
import { validate } from '../marketer/validate';

/** The score route. */
export const score = new Hono<{ Bindings: Env }>();

/**
 * Seconds a KV value may be served from the data center's cache: KV's minimum. A band change is published
 * at once (SPEC.md §4), so it reaches readers within this (plus KV's own propagation, up to a minute).
 */
const KV_CACHE_TTL = 30;

/**
 * Browsers and servers may reuse a reply for 10 s, and serve it stale for 50 s more while they revalidate:
 * a server rendering every page of a visit asks KV about once per 10 s per visitor. The URL holds the random
 * visitor id, so a shared cache only ever hands a reply to whoever already knows that id.
 */
const CACHE_CONTROL = 'public, max-age=10, stale-while-revalidate=50';

score.get('/', conditionalGet(), async (c) => {
  const { site, visitor } = validate(scoreQuery, c.req.query(), 'invalid_payload');
  const config = await getSiteConfig(c.env, site);
  if (!config) throw new ApiError(404, 'unknown_site', `unknown site '${site}'`);
  assertOrigin(c.req.header('Origin'), new URL(c.req.url).origin, config.config.origins);
  const kv = c.env.SCORES;
  const [pointer, own] = await Promise.all([
    kv.get(pointerKey(site, visitor), { cacheTtl: KV_CACHE_TTL }),
    kv.get<ScoreReply>(scoreKey(visitorObjectName(site, visitor)), { type: 'json', cacheTtl: KV_CACHE_TTL }),
  ]);
  const published = pointer ? await kv.get<ScoreReply>(scoreKey(pointer), { type: 'json', cacheTtl: KV_CACHE_TTL }) : own;
  const reply: ScoreReply = published ? { score: published.score, band: published.band } : { score: 0, band: 'cold' };
  c.header('Cache-Control', CACHE_CONTROL);
  c.header('ETag', `"${reply.score}-${reply.band}"`);
  return c.json(reply);
});
