// `GET`/`PUT /v1/sites/:site/config`: read (secret masked) and replace a site's scoring configuration.
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { siteParams } from '../apiSchemas';
import type { Env } from '../env';
import { ApiError } from '../errors';
import { maskSecret, unmaskSecret } from '../marketer/maskSecret';
import { requireSite } from '../marketer/requireSite';
import { validate } from '../marketer/validate';
import { siteObject } from '../objects';
import { completeIdentify, keepIdentifySecret, maskIdentifySecret } from '../site/identifySecret';
import { forgetSiteConfig, getSiteConfig } from '../site/siteConfig';
import { parseSiteConfig } from '../site/siteConfigSchema';

/** The site routes, mounted under `/v1`. */
export const sites = new Hono<{ Bindings: Env }>();

/** Largest configuration body accepted, in bytes. */
export const MAX_CONFIG_BYTES = 64 * 1024;

sites.get('/sites/:site/config', async (c) => {
  const { site } = validate(siteParams, c.req.param());
  const { config, version } = await requireSite(c.env, site);
  c.header('ETag', `"${version}"`);
  return c.json(maskIdentifySecret(maskSecret(config)));
});

sites.put(
  '/sites/:site/config',
  bodyLimit({
    maxSize: MAX_CONFIG_BYTES,
    onError: () => {
      throw new ApiError(413, 'payload_too_large', `body larger than ${MAX_CONFIG_BYTES} bytes`);
    },
  }),
  async (c) => {
    const { site } = validate(siteParams, c.req.param());
    let json: unknown;
    try {
      json = JSON.parse(await c.req.text());
    } catch {
      throw new ApiError(400, 'invalid_config', 'body is not valid JSON');
    }
    const current = await getSiteConfig(c.env, site, true);
    const body = unmaskSecret(json, current?.config);
    if (body === null && json !== null) throw new ApiError(400, 'invalid_config', 'webhook.secret: the masked secret can only be sent back to keep a stored one; give the secret');
    const withIdentify = keepIdentifySecret(body, current?.config);
    if (withIdentify === null && body !== null) throw new ApiError(400, 'invalid_config', 'identify.secret: the masked secret can only be sent back to keep a stored one; give a secret or leave it out');
    const parsed = parseSiteConfig(withIdentify);
    if (!parsed.ok) throw new ApiError(400, 'invalid_config', parsed.message);
    // Signed identify unless the configuration says otherwise; a generated secret is shown in this reply only.
    const { config, generated } = completeIdentify(parsed.config);
    const versioned = await siteObject(c.env, site).putConfig(config);
    forgetSiteConfig(site);
    c.header('ETag', `"${versioned.version}"`);
    const reply = maskSecret(versioned.config);
    return c.json(generated ? reply : maskIdentifySecret(reply), current ? 200 : 201);
  },
);
