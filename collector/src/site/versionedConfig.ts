// A site's configuration as objects pass it around: the validated configuration, its version and revision.
import type { SiteConfig, SiteConfigWithSecret } from './siteConfigSchema';

/**
 * A site's configuration with the version that changes on every replacement, as lead objects and routes
 * get it: without the webhook secret, so that no lead object ever stores it.
 */
export interface VersionedConfig {
  config: SiteConfig;
  version: string;
  /** Revision: grows with every replacement, so a lead never trades a newer configuration for an older one. */
  rev: number;
}

/** The same, webhook secret included: what the site's object stores and never hands out. */
export interface StoredConfig extends VersionedConfig {
  config: SiteConfigWithSecret;
}
