// The copy of a site's configuration that leaves its object: everything but the webhook secret.
import type { StoredConfig, VersionedConfig } from './versionedConfig';

/** `stored` without `webhook.secret` (the URL stays: it says that the site has a webhook; so do its options). */
export function withoutSecret(stored: StoredConfig): VersionedConfig {
  const { config } = stored;
  if (!config.webhook) return stored;
  const { secret: _secret, ...webhook } = config.webhook;
  return { ...stored, config: { ...config, webhook } };
}
