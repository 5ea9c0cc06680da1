// A site's configuration in its object's storage (table `config`): the source of truth, replaced whole.
import demoConfig from './demoConfig.json';
import { siteConfigSchema, type SiteConfig } from './siteConfigSchema';
import type { VersionedConfig } from './versionedConfig';

/** The demo site's shipped configuration, validated once. */
export const DEMO_CONFIG: SiteConfig = siteConfigSchema.parse(demoConfig);

/** The configuration of one site. */
export class ConfigStore {
  private rev: number | null = null;

  constructor(private readonly sql: SqlStorage) {}

  /** The stored configuration, or null (none stored yet). */
  stored(): VersionedConfig | null {
    const row = this.sql.exec<{ v: string }>("SELECT v FROM config WHERE k = 'config'").toArray()[0];
    return row ? { rev: 0, ...(JSON.parse(row.v) as Omit<VersionedConfig, 'rev'>) } : null;
  }

  /** The site's configuration; the shipped default for `demo` until one is stored; null for an unknown site. */
  get(site: string): VersionedConfig | null {
    return this.stored() ?? (site === 'demo' ? { config: DEMO_CONFIG, version: 'default', rev: 0 } : null);
  }

  /** Revision of the stored configuration (0: the shipped default, or none). */
  currentRev(): number {
    return (this.rev ??= this.stored()?.rev ?? 0);
  }

  /** Stores a replacement (already validated) under the next revision. */
  put(config: SiteConfig): VersionedConfig {
    const versioned: VersionedConfig = { config, version: crypto.randomUUID(), rev: this.currentRev() + 1 };
    this.sql.exec("INSERT INTO config (k, v) VALUES ('config', ?) ON CONFLICT (k) DO UPDATE SET v = excluded.v", JSON.stringify(versioned));
    this.rev = versioned.rev;
    return versioned;
  }
}
