// `GET /v1/score`: a visitor's published score, read from KV (its lead's, once identified).
import { Hono } from 'hono';
import type { Env } from '../env';
import { ApiError } from '../errors';
import { pointerKey, scoreKey, visitorObjectName } from '../leadName';
import type { ScoreReply } from '../storage/LeadObject';
import { getSiteConfig } from '../siteConfig';

/** The score route. */
export const score = new Hono<{ Bindings: Env }>();

const SITE = /^[a-z0-9][a-z0-9_-]{0,63}$/;
const VISITOR = /^[A-Za-z0-9_-]{16,64}$/;

score.get('/', async (c) => {
  const site = c.req.query('site') ?? '';
  const visitor = c.req.query('visitor') ?? '';
  if (!SITE.test(site)) throw new ApiError(400, 'invalid_payload', 'site: must be 1 to 64 characters of [a-z0-9_-]');
  if (!VISITOR.test(visitor)) throw new ApiError(400, 'invalid_payload', 'visitor: must be 16 to 64 characters of [A-Za-z0-9_-]');
  if (!(await getSiteConfig(c.env, site))) throw new ApiError(404, 'unknown_site', `unknown site '${site}'`);
  const [pointer, own] = await Promise.all([c.env.SCORES.get(pointerKey(site, visitor)), c.env.SCORES.get(scoreKey(visitorObjectName(site, visitor)), 'json')]);
  const published = (pointer ? await c.env.SCORES.get(scoreKey(pointer), 'json') : own) as ScoreReply | null;
  c.header('Cache-Control', 'private, max-age=10');
  return c.json(published ? { score: published.score, band: published.band } : { score: 0, band: 'cold' });
});
