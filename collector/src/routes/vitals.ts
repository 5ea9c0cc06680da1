// `GET /v1/vitals`: p75 LCP, INP and CLS per path with sample counts, from the site's aggregate.
import { Hono } from 'hono';
import type { z } from 'zod';
import { siteQuery, type vitalsReply } from '../apiSchemas';
import type { Env } from '../env';
import { requireSite } from '../marketer/requireSite';
import { validate } from '../marketer/validate';
import { SiteIndex } from '../site/SiteIndex';
import { VITALS_WINDOW_MS } from '../site/VitalsStore';

/** The vitals route, mounted under `/v1`. */
export const vitals = new Hono<{ Bindings: Env }>();

vitals.get('/vitals', async (c) => {
  const { site } = validate(siteQuery, c.req.query());
  await requireSite(c.env, site);
  const now = Date.now();
  const paths = await new SiteIndex(c.env, site).vitals(now);
  const reply: z.infer<typeof vitalsReply> = { site, since: new Date(now - VITALS_WINDOW_MS).toISOString(), paths };
  return c.json(reply);
});
