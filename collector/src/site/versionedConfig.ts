// A site's configuration as objects pass it around: the validated configuration, its version and revision.
import type { SiteConfig } from './siteConfigSchema';

/** A site's configuration with the version that changes on every replacement. */
export interface VersionedConfig {
  config: SiteConfig;
  version: string;
  /** Revision: grows with every replacement, so a lead never trades a newer configuration for an older one. */
  rev: number;
}
