// The webhook secret never leaves the Worker: replies mask it, and a PUT may send the mask back to keep it.
import type { SiteConfig } from '../site/siteConfigSchema';

/** What replies show instead of the webhook secret. */
export const SECRET_MASK = '****************';

/** The configuration with its webhook secret masked. */
export function maskSecret(config: SiteConfig): SiteConfig {
  return config.webhook ? { ...config, webhook: { ...config.webhook, secret: SECRET_MASK } } : config;
}

/**
 * A PUT body whose webhook secret is the mask (a configuration read, edited and written back) gets the
 * stored secret again; null when there is no stored secret to keep.
 */
export function unmaskSecret(body: unknown, stored: SiteConfig | undefined): unknown | null {
  if (!body || typeof body !== 'object') return body;
  const webhook = (body as { webhook?: unknown }).webhook;
  if (!webhook || typeof webhook !== 'object' || (webhook as { secret?: unknown }).secret !== SECRET_MASK) return body;
  if (!stored?.webhook) return null;
  return { ...body, webhook: { ...webhook, secret: stored.webhook.secret } };
}
