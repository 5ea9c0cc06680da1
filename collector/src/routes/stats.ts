// `GET /v1/stats`: lead counts per band and the score distribution, for the dashboard.
import { Hono } from 'hono';
import type { z } from 'zod';
import { siteQuery, type statsReply } from '../apiSchemas';
import type { Env } from '../env';
import { requireSite } from '../marketer/requireSite';
import { validate } from '../marketer/validate';
import { SiteIndex } from '../site/SiteIndex';

/** The stats route, mounted under `/v1`. */
export const stats = new Hono<{ Bindings: Env }>();

stats.get('/stats', async (c) => {
  const { site } = validate(siteQuery, c.req.query());
  await requireSite(c.env, site);
  const reply: z.infer<typeof statsReply> = { site, ...(await new SiteIndex(c.env, site).stats()) };
  return c.json(reply);
});
