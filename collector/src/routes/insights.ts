// `GET /v1/sites/:site/insights` and `GET /v1/sites/:site/trend` (docs/insights.md): what outcomes say about
// the rules, and how the site's leads move day by day; both read counts kept up to date, never the leads.
import { Hono } from 'hono';
import type { z } from 'zod';
import { insightsQuery, siteParams, trendQuery, type insightsReply, type trendReply } from '../apiSchemas';
import type { Env } from '../env';
import { ApiError } from '../errors';
import { siteOutcome } from '../insights/outcomeName';
import { TREND_RETENTION_DAYS } from '../insights/TrendStore';
import { requireSite } from '../marketer/requireSite';
import { validate } from '../marketer/validate';
import { insightsObject } from '../objects';

/** The insight routes, mounted under `/v1`. */
export const insights = new Hono<{ Bindings: Env }>();

insights.get('/sites/:site/insights', async (c) => {
  const { site } = validate(siteParams, c.req.param());
  const { outcome } = validate(insightsQuery, c.req.query());
  const config = await requireSite(c.env, site);
  const report = await insightsObject(c.env, site).insights(config, outcome);
  const reply: z.infer<typeof insightsReply> = { site, generatedAt: new Date().toISOString(), ...report };
  return c.json(reply);
});

insights.get('/sites/:site/trend', async (c) => {
  const { site } = validate(siteParams, c.req.param());
  const { days } = validate(trendQuery, c.req.query());
  const config = await requireSite(c.env, site);
  const kept = config.config.retentionDays ?? TREND_RETENTION_DAYS;
  if (days > kept) throw new ApiError(400, 'invalid_request', `days: at most ${kept}, the days this site keeps (retentionDays)`);
  const reply: z.infer<typeof trendReply> = { site, outcome: siteOutcome(config.config), days: await insightsObject(c.env, site).trend(config, days) };
  return c.json(reply);
});
