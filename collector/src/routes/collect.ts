// `POST /v1/collect`: validates a batch of events and hands it to the visitor's object, which scores it.
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { collectSchema, MAX_BODY_BYTES } from '../collectSchema';
import type { Env } from '../env';
import { ApiError } from '../errors';
import { formatIssue } from '../formatIssue';
import { visitorObjectName } from '../leadName';
import { getSiteConfig } from '../siteConfig';

/** The collect route. */
export const collect = new Hono<{ Bindings: Env }>();

collect.post(
  '/',
  bodyLimit({
    maxSize: MAX_BODY_BYTES,
    onError: () => {
      throw new ApiError(413, 'payload_too_large', `body larger than ${MAX_BODY_BYTES} bytes`);
    },
  }),
  async (c) => {
    const text = await c.req.text();
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new ApiError(400, 'invalid_payload', 'body is not valid JSON');
    }
    const parsed = collectSchema.safeParse(json);
    if (!parsed.success) throw new ApiError(400, 'invalid_payload', formatIssue(parsed.error.issues[0]!, json));
    const { site, visitor, events } = parsed.data;

    const config = await getSiteConfig(c.env, site);
    if (!config) throw new ApiError(404, 'unknown_site', `unknown site '${site}'`);
    assertOrigin(c.req.header('Origin'), c.req.url, config.config.origins);

    const name = visitorObjectName(site, visitor);
    const reply = await c.env.LEADS.get(c.env.LEADS.idFromName(name)).collect({ site, visitor, events, now: Date.now(), config });
    if ('error' in reply) throw new ApiError(429, 'rate_limited', 'too many events from this visitor; retry in a minute');
    return c.json(reply);
  },
);

/**
 * Refuses a browser origin that is neither one of the site's nor the collector's own (that of `url`);
 * servers send none. The site's list is checked first: it spares most beacons parsing their URL.
 */
export function assertOrigin(origin: string | undefined, url: string, allowed: readonly string[]): void {
  if (origin === undefined || allowed.includes(origin) || origin === new URL(url).origin) return;
  throw new ApiError(403, 'forbidden_origin', `origin ${origin} is not allowed for this site`);
}
