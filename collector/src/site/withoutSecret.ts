// The copy of a site's configuration that leaves its object: everything but the webhook secret.
import type { StoredConfig, VersionedConfig } from './versionedConfig';

/** `stored` without `webhook.secret` (the URL stays: it says that the site has a webhook). */
export function withoutSecret(stored: StoredConfig): VersionedConfig {
  const { config } = stored;
  return { ...stored, config: config.webhook ? { ...config, webhook: { url: config.webhook.url } } : config };
}
