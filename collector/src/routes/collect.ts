// `POST /v1/collect`: validates a batch of events, holds it to the request budgets and the site's identify
// proof, and hands it to the visitor's object, which scores it.
import { Hono } from 'hono';
import { assertOrigin } from '../auth/assertOrigin';
import { collectSchema, MAX_BODY_BYTES } from '../collectSchema';
import type { Env } from '../env';
import { ApiError } from '../errors';
import { limitBody } from '../middleware/limitBody';
import { readJson } from '../middleware/readJson';
import { formatIssue } from '../formatIssue';
import { verifyIdentifies } from '../lead/identifyProof';
import { DEFAULT_LIMITS } from '../lead/leadBudget';
import { visitorObjectName } from '../lead/leadName';
import { addressBudget, rateLimited, siteBudget } from '../middleware/abuseLimits';
import { leadObject } from '../objects';
import { getSiteConfig } from '../site/siteConfig';

/** The collect route. */
export const collect = new Hono<{ Bindings: Env }>();

collect.post(
  '/',
  addressBudget(),
  limitBody(MAX_BODY_BYTES),
  async (c) => {
    const json = await readJson(c, 'invalid_payload');
    const parsed = collectSchema.safeParse(json);
    if (!parsed.success) throw new ApiError(400, 'invalid_payload', formatIssue(parsed.error.issues[0]!, json));
    const { site, visitor } = parsed.data;
    const overSite = await siteBudget(c, site);
    if (overSite) return overSite;

    const config = await getSiteConfig(c.env, site);
    if (!config) throw new ApiError(404, 'unknown_site', `unknown site '${site}'`);
    assertOrigin(c.req.header('Origin'), c.req.url, config.config.origins);
    // An identify without the site's proof is dropped here, before any object sees it (identifyProof.ts).
    const { events, refused } = await verifyIdentifies(parsed.data.events, site, config.config, c.env);
    if (refused) c.header('X-Leadpulse-Identify', 'unverified');

    const name = visitorObjectName(site, visitor);
    const reply = await leadObject(c.env, name).collect({ site, visitor, events, now: Date.now(), config });
    if ('error' in reply) return rateLimited(c, reply.retryAfter, `too many events for this lead; at most ${config.config.limits?.leadEventsPerMinute ?? DEFAULT_LIMITS.leadEventsPerMinute} a minute`);
    return c.json(reply);
  },
);
