// One Durable Object per site: its configuration, the source of truth (ConfigStore.ts), and its API keys
// (KeyStore.ts). A change of the configuration starts the rescoring walk of the site's index objects
// (IndexObject.ts), which hold the lead index and web vitals; beacons read the configuration only through
// the Worker's cache (siteConfig.ts), without its secrets (withoutSecret.ts).
import { DurableObject } from 'cloudflare:workers';
import type { Env } from '../env';
import { keepStoredSecret } from '../marketer/maskSecret';
import { count, metering } from '../meter/meter';
import { meteredEnv } from '../meter/meteredEnv';
import { meteredStorage } from '../meter/meteredStorage';
import { indexObject } from '../objects';
import { hasTable } from '../runMigrations';
import type { WebhookTarget } from '../webhook/deliverWebhook';
import { ConfigStore } from './ConfigStore';
import { servesDemo } from './servesDemo';
import { indexShardName } from './indexShards';
import { KeyStore, type KeyRecord, type KeyScope } from './KeyStore';
import type { LeadIndexEntry } from './LeadIndex';
import { SiteIndex } from './SiteIndex';
import type { SiteConfigWithSecret } from './siteConfigSchema';
import { migrateSiteStorage, SITE_MIGRATIONS } from './siteMigrations';
import type { VersionedConfig } from './versionedConfig';
import { withoutSecret } from './withoutSecret';

/** Rows moved per alarm run from the index this object held before index objects (migration). */
const MOVE_BATCH = 500;

export class SiteObject extends DurableObject<Env> {
  private readonly storage: DurableObjectStorage;
  private readonly config: ConfigStore;
  private readonly keys: KeyStore;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, meteredEnv(env));
    this.storage = meteredStorage(ctx.storage, 'site', env);
    const sql = this.storage.sql;
    const from = migrateSiteStorage(sql);
    this.config = new ConfigStore(sql, servesDemo(env));
    this.keys = new KeyStore(sql);
    // A migration re-stored a configuration with a webhook (step 6): every lead must replace the copy it
    // held, secret included, with one without — rescored at the next call, which names the site.
    if (from > 0 && from < SITE_MIGRATIONS.length && this.config.stored()?.config.webhook) this.setMeta('rescore', '1');
  }

  // ── Configuration ──

  /**
   * The site's configuration without the webhook secret; the shipped default for `demo` until one is
   * stored; null for an unknown site.
   */
  async getConfig(site: string): Promise<VersionedConfig | null> {
    await this.catchUp(site);
    const stored = this.config.get(site);
    return stored && withoutSecret(stored);
  }

  /** Replaces the configuration (already validated) and starts rescoring every lead (SPEC.md §5). */
  async putConfig(config: SiteConfigWithSecret, site: string): Promise<VersionedConfig> {
    const versioned = withoutSecret(this.config.put(config));
    await new SiteIndex(this.env, site).startRescore(versioned);
    await this.catchUp(site);
    return versioned;
  }

  /**
   * Replaces the configuration as `PUT /v1/sites/:site/config` asks: a masked webhook secret keeps the
   * stored one for the same URL only (marketer/maskSecret.ts), decided here so that the secret never
   * leaves this object. `created`: no configuration was stored or shipped before.
   */
  async replaceConfig(site: string, submitted: SiteConfigWithSecret): Promise<{ config: VersionedConfig; created: boolean } | { refused: string }> {
    const current = this.config.get(site);
    const kept = keepStoredSecret(submitted, current?.config);
    if ('refused' in kept) return kept;
    return { config: await this.putConfig(kept.config, site), created: current === null };
  }

  /**
   * Where a `lead.hot` delivery goes and the secret that signs it, read when the delivery is made (lead
   * objects never hold the secret); null when the site has no webhook.
   */
  async webhookTarget(): Promise<WebhookTarget | null> {
    const webhook = this.config.stored()?.config.webhook;
    return webhook ? { url: webhook.url, secret: webhook.secret } : null;
  }

  // ── API keys (the admin token manages them; routes/keys.ts) ──

  /** Adds a key given by its digest; `'taken'` when its id exists, `'full'` when the site has as many as allowed. */
  async createKey(k: { id: string; name: string | null; scope: KeyScope; digest: string; tail: string }, now: number): Promise<KeyRecord | 'taken' | 'full'> {
    return this.keys.add(k, now);
  }

  /** The site's keys, oldest first, without secrets or digests. */
  async listKeys(): Promise<KeyRecord[]> {
    return this.keys.list();
  }

  /** Replaces key `id`'s secret by its new digest; the old secret stops working at once. Null: no such key. */
  async rotateKey(id: string, digest: string, tail: string, now: number): Promise<KeyRecord | null> {
    return this.keys.rotate(id, digest, tail, now);
  }

  /** Revokes key `id` at once; false when there was none. */
  async revokeKey(id: string): Promise<boolean> {
    return this.keys.revoke(id);
  }

  /** The scope of key `id` when `digest` is the digest of its current secret, else null (unknown, revoked or rotated). */
  async verifyKey(id: string, digest: string, now: number): Promise<KeyScope | null> {
    return this.keys.verify(id, digest, now);
  }

  // ── Storage of earlier releases ──

  /**
   * Before index objects, this object held the lead index itself: its rows move to the index objects, a
   * batch per alarm run (started by the first call after the upgrade, which names the site).
   */
  override async alarm(): Promise<void> {
    if (metering(this.env)) count('alarms', 'site');
    const site = this.getMeta('site');
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

  /** Finishes what an upgrade left to do once the site is known: moving the old index, a rescoring. */
  private async catchUp(site: string): Promise<void> {
    if (this.getMeta('rescore')) {
      this.storage.sql.exec("DELETE FROM meta WHERE k = 'rescore'");
      const stored = this.config.stored();
      if (stored) await new SiteIndex(this.env, site).startRescore(withoutSecret(stored));
    }
    if (!this.legacyRows() || (await this.storage.getAlarm()) !== null) return;
    this.setMeta('site', site);
    await this.storage.setAlarm(Date.now());
  }

  private legacyRows(): boolean {
    return hasTable(this.storage.sql, 'leads') && this.storage.sql.exec('SELECT 1 FROM leads LIMIT 1').toArray().length > 0;
  }

  private getMeta(k: string): string | undefined {
    return this.storage.sql.exec<{ v: string }>('SELECT v FROM meta WHERE k = ?', k).toArray()[0]?.v;
  }

  private setMeta(k: string, v: string): void {
    this.storage.sql.exec('INSERT INTO meta (k, v) VALUES (?, ?) ON CONFLICT (k) DO UPDATE SET v = excluded.v', k, v);
  }
}
