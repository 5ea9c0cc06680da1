// `GET`/`PUT /v1/sites/:site/config`: read (secret masked) and replace a site's scoring configuration.
import { Hono } from 'hono';
import { siteParams } from '../apiSchemas';
import type { Env } from '../env';
import { ApiError } from '../errors';
import { limitBody } from '../middleware/limitBody';
import { readJson } from '../middleware/readJson';
import { maskSecret } from '../marketer/maskSecret';
import { requireSite } from '../marketer/requireSite';
import { validate } from '../marketer/validate';
import { siteObject } from '../objects';
import { completeIdentify, keepIdentifySecret, maskIdentifySecret } from '../site/identifySecret';
import { forgetSiteConfig, getSiteConfig } from '../site/siteConfig';
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
  return c.json(maskIdentifySecret(maskSecret(config)));
});

sites.put(
  '/sites/:site/config',
  limitBody(MAX_CONFIG_BYTES),
  async (c) => {
    const { site } = validate(siteParams, c.req.param());
    const json = await readJson(c, 'invalid_config');
    const current = await getSiteConfig(c.env, site, true);
    const withIdentify = keepIdentifySecret(json, current?.config);
    if (withIdentify === null && json !== null) throw new ApiError(400, 'invalid_config', 'identify.secret: the masked secret can only be sent back to keep a stored one; give a secret or leave it out');
    const parsed = parseSiteConfig(withIdentify, { allowLocalWebhook: allowsLocalWebhooks(c.env) });
    if (!parsed.ok) throw new ApiError(400, 'invalid_config', parsed.message);
    // Signed identify unless the configuration says otherwise; a generated secret is shown in this reply only.
    const { config, generated } = completeIdentify(parsed.config);
    // The site's object decides what a masked webhook secret keeps: that secret never leaves it.
    const replaced = await siteObject(c.env, site).replaceConfig(site, config);
    if ('refused' in replaced) throw new ApiError(400, 'invalid_config', replaced.refused);
    forgetSiteConfig(site);
    c.header('ETag', `"${replaced.config.version}"`);
    const reply = maskSecret(replaced.config.config);
    return c.json(generated ? reply : maskIdentifySecret(reply), replaced.created ? 201 : 200);
  },
);
