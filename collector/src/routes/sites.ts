// `GET`/`PUT /v1/sites/:site/config`: read (secret masked) and replace a site's scoring configuration.
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { siteParams } from '../apiSchemas';
import type { Env } from '../env';
import { ApiError } from '../errors';
import { maskSecret } from '../marketer/maskSecret';
import { requireSite } from '../marketer/requireSite';
import { validate } from '../marketer/validate';
import { siteObject } from '../objects';
import { forgetSiteConfig } from '../site/siteConfig';
import { parseSiteConfig } from '../site/siteConfigSchema';
import { allowsLocalWebhooks } from '../webhook/allowsLocalWebhooks';

/** The site routes, mounted under `/v1`. */
export const sites = new Hono<{ Bindings: Env }>();

/** Largest configuration body accepted, in bytes. */
export const MAX_CONFIG_BYTES = 64 * 1024;

sites.get('/sites/:site/config', async (c) => {
  const { site } = validate(siteParams, c.req.param());
  const { config, version } = await requireSite(c.env, site);
  c.header('ETag', `"${version}"`);
  return c.json(maskSecret(config));
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
    const parsed = parseSiteConfig(json, { allowLocalWebhook: allowsLocalWebhooks(c.env) });
    if (!parsed.ok) throw new ApiError(400, 'invalid_config', parsed.message);
    // The site's object decides what a masked secret keeps: the secret never leaves it.
    const replaced = await siteObject(c.env, site).replaceConfig(site, parsed.config);
    if ('refused' in replaced) throw new ApiError(400, 'invalid_config', replaced.refused);
    forgetSiteConfig(site);
    c.header('ETag', `"${replaced.config.version}"`);
    return c.json(maskSecret(replaced.config.config), replaced.created ? 201 : 200);
  },
);
