// A site's configuration in its object's storage (table `config`): the source of truth, replaced whole,
// and the only place that keeps the webhook secret.
import demoConfig from './demoConfig.json';
import { siteConfigSchema, type SiteConfigWithSecret } from './siteConfigSchema';
import type { StoredConfig } from './versionedConfig';

/** The demo site's shipped configuration, validated once. */
export const DEMO_CONFIG: SiteConfigWithSecret = siteConfigSchema.parse(demoConfig);

/** The configuration of one site. */
export class ConfigStore {
  private rev: number | null = null;

  constructor(
    private readonly sql: SqlStorage,
    /** Whether site `demo` answers with the shipped configuration until one is stored (site/servesDemo.ts). */
    private readonly shipsDemo = true,
  ) {}

  /** The stored configuration, or null (none stored yet). */
  stored(): StoredConfig | null {
    const row = this.sql.exec<{ v: string }>("SELECT v FROM config WHERE k = 'config'").toArray()[0];
    return row ? { rev: 0, ...(JSON.parse(row.v) as Omit<StoredConfig, 'rev'>) } : null;
  }

  /** The site's configuration; the shipped default for `demo` (where the demo is served) until one is stored; null for an unknown site. */
  get(site: string): StoredConfig | null {
    return this.stored() ?? (site === 'demo' && this.shipsDemo ? { config: DEMO_CONFIG, version: 'default', rev: 0 } : null);
  }

  /** Revision of the stored configuration (0: the shipped default, or none). */
  currentRev(): number {
    return (this.rev ??= this.stored()?.rev ?? 0);
  }

  /** Stores a replacement (already validated) under the next revision. */
  put(config: SiteConfigWithSecret): StoredConfig {
    const versioned: StoredConfig = { config, version: crypto.randomUUID(), rev: this.currentRev() + 1 };
    this.sql.exec("INSERT INTO config (k, v) VALUES ('config', ?) ON CONFLICT (k) DO UPDATE SET v = excluded.v", JSON.stringify(versioned));
    this.rev = versioned.rev;
    return versioned;
  }
}
