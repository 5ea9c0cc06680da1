// One Durable Object per site: its configuration, the source of truth (ConfigStore.ts). A change of it
// starts the rescoring walk of the site's index objects (IndexObject.ts), which hold the lead index and
// web vitals; the site's own object is read by beacons only through the Worker's cache (siteConfig.ts).
import { DurableObject } from 'cloudflare:workers';
import type { Env } from '../env';
import { count, metering } from '../meter/meter';
import { meteredEnv } from '../meter/meteredEnv';
import { meteredStorage } from '../meter/meteredStorage';
import { indexObject } from '../objects';
import { hasTable } from '../runMigrations';
import { ConfigStore } from './ConfigStore';
import { indexShardName } from './indexShards';
import type { LeadIndexEntry } from './LeadIndex';
import { SiteIndex } from './SiteIndex';
import type { SiteConfig } from './siteConfigSchema';
import { migrateSiteStorage } from './siteMigrations';
import type { VersionedConfig } from './versionedConfig';

/** Rows moved per alarm run from the index this object held before index objects (migration). */
const MOVE_BATCH = 500;

export class SiteObject extends DurableObject<Env> {
  private readonly storage: DurableObjectStorage;
  private readonly config: ConfigStore;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, meteredEnv(env));
    this.storage = meteredStorage(ctx.storage, 'site', env);
    const sql = this.storage.sql;
    migrateSiteStorage(sql);
    this.config = new ConfigStore(sql);
  }

  /** The site's configuration; the shipped default for `demo` until one is stored; null for an unknown site. */
  async getConfig(site: string): Promise<VersionedConfig | null> {
    await this.moveLegacyIndex(site);
    return this.config.get(site);
  }

  /** Replaces the configuration (already validated) and starts rescoring every lead (SPEC.md §5). */
  async putConfig(config: SiteConfig, site: string): Promise<VersionedConfig> {
    const versioned = this.config.put(config);
    await new SiteIndex(this.env, site).startRescore(versioned);
    await this.moveLegacyIndex(site);
    return versioned;
  }

  /**
   * Before index objects, this object held the lead index itself: its rows move to the index objects, a
   * batch per alarm run (started by the first configuration read after the upgrade).
   */
  override async alarm(): Promise<void> {
    if (metering(this.env)) count('alarms', 'site');
    const site = this.storage.sql.exec<{ v: string }>("SELECT v FROM meta WHERE k = 'site'").toArray()[0]?.v;
    if (!site || !this.legacyRows()) return;
    const rows = this.storage.sql
      .exec<{ name: string; id: string; score: number; band: LeadIndexEntry['band']; last_seen: number; identified: number; rev: number }>('SELECT * FROM leads LIMIT ?', MOVE_BATCH)
      .toArray();
    const byShard = new Map<string, LeadIndexEntry[]>();
    for (const r of rows) {
      const shard = indexShardName(site, r.name);
      byShard.set(shard, [...(byShard.get(shard) ?? []), { name: r.name, id: r.id, score: r.score, band: r.band, lastSeen: r.last_seen, identified: r.identified === 1, rev: r.rev }]);
    }
    await Promise.all([...byShard].map(([shard, entries]) => indexObject(this.env, shard).adoptLeads(entries)));
    for (const r of rows) this.storage.sql.exec('DELETE FROM leads WHERE name = ?', r.name);
    if (this.legacyRows()) await this.storage.setAlarm(Date.now());
  }

  /** Starts moving the rows of an index this object held before index objects, if any. */
  private async moveLegacyIndex(site: string): Promise<void> {
    if (!this.legacyRows() || (await this.storage.getAlarm()) !== null) return;
    this.storage.sql.exec("INSERT INTO meta (k, v) VALUES ('site', ?) ON CONFLICT (k) DO UPDATE SET v = excluded.v", site);
    await this.storage.setAlarm(Date.now());
  }

  private legacyRows(): boolean {
    return hasTable(this.storage.sql, 'leads') && this.storage.sql.exec('SELECT 1 FROM leads LIMIT 1').toArray().length > 0;
  }
}
