// One Durable Object per site: its configuration (the source of truth), the index of its leads, its web
// vitals and its API keys. This class is the RPC surface over those parts (ConfigStore.ts, LeadIndex.ts,
// VitalsStore.ts, KeyStore.ts) and runs the rescoring that follows a configuration change.
import { DurableObject } from 'cloudflare:workers';
import type { Env } from '../env';
import { keepStoredSecret } from '../marketer/maskSecret';
import { leadObject } from '../objects';
import type { Band } from '../scoring/scoreLead';
import type { WebhookTarget } from '../webhook/deliverWebhook';
import { ConfigStore } from './ConfigStore';
import { KeyStore, type KeyRecord, type KeyScope } from './KeyStore';
import { LeadIndex, type IndexPosition, type LeadIndexEntry } from './LeadIndex';
import type { SiteConfigWithSecret } from './siteConfigSchema';
import { migrateSiteStorage, SITE_MIGRATIONS } from './siteMigrations';
import type { VersionedConfig } from './versionedConfig';
import type { VitalsSample } from './vitalsSamples';
import { VitalsStore, type PathVitals } from './VitalsStore';
import { withoutSecret } from './withoutSecret';

/** Leads rescored per alarm run after a configuration change. */
const RESCORE_BATCH = 50;

export class SiteObject extends DurableObject<Env> {
  private readonly config: ConfigStore;
  private readonly index: LeadIndex;
  private readonly vitals: VitalsStore;
  private readonly keys: KeyStore;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    const sql = ctx.storage.sql;
    const from = migrateSiteStorage(sql);
    this.config = new ConfigStore(sql);
    this.index = new LeadIndex(sql);
    this.vitals = new VitalsStore(sql);
    this.keys = new KeyStore(sql);
    // A migration re-stored a configuration with a webhook (step 5): rescore every lead now, so that each
    // replaces the copy it held, secret included, with one without.
    if (from < SITE_MIGRATIONS.length && this.config.stored()?.config.webhook) void ctx.blockConcurrencyWhile(() => ctx.storage.setAlarm(Date.now()));
  }

  // ── Configuration ──

  /**
   * The site's configuration without the webhook secret; the shipped default for `demo` until one is
   * stored; null for an unknown site.
   */
  async getConfig(site: string): Promise<VersionedConfig | null> {
    const stored = this.config.get(site);
    return stored && withoutSecret(stored);
  }

  /** Replaces the configuration (already validated) and starts rescoring every lead (SPEC.md §5). */
  async putConfig(config: SiteConfigWithSecret): Promise<VersionedConfig> {
    const stored = this.config.put(config);
    await this.ctx.storage.setAlarm(Date.now());
    return withoutSecret(stored);
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
    return { config: await this.putConfig(kept.config), created: current === null };
  }

  /**
   * Where a `lead.hot` delivery goes and the secret that signs it, read when the delivery is made (lead
   * objects never hold the secret); null when the site has no webhook.
   */
  async webhookTarget(): Promise<WebhookTarget | null> {
    const webhook = this.config.stored()?.config.webhook;
    return webhook ? { url: webhook.url, secret: webhook.secret } : null;
  }

  // ── Lead index ──

  /**
   * Adds or updates a lead in the index. A lead scored with an older configuration than the site's (a
   * beacon that carried a cached one) starts the rescoring alarm, so published scores converge.
   */
  async upsertLead(e: LeadIndexEntry): Promise<void> {
    this.index.upsert(e);
    if ((e.rev ?? 0) < this.config.currentRev() && (await this.ctx.storage.getAlarm()) === null) await this.ctx.storage.setAlarm(Date.now());
  }

  /** Removes a lead from the index (merged into another lead, or erased). */
  async removeLead(name: string): Promise<void> {
    this.index.remove(name);
  }

  /** Leads by score, highest first, after the cursor `(score, name)` of the previous page. */
  async listLeads(opts: { band?: Band; limit: number; after?: IndexPosition }): Promise<LeadIndexEntry[]> {
    return this.index.list(opts);
  }

  /** Lead counts per band and per score decile, for the dashboard. */
  async leadStats(): Promise<{ total: number; bands: Record<Band, number>; histogram: number[] }> {
    return this.index.stats();
  }

  /** How many indexed leads still wait to be rescored with the current configuration. */
  async rescoreBacklog(): Promise<number> {
    return this.index.staleCount(this.config.currentRev());
  }

  /**
   * Rescoring after a configuration change (SPEC.md §5): walks the leads scored with an older revision,
   * a batch per alarm run, until none is left.
   */
  override async alarm(): Promise<void> {
    const versioned = this.config.stored();
    if (!versioned) return;
    const names = this.index.staleNames(versioned.rev, RESCORE_BATCH);
    if (!names.length) return;
    const config = withoutSecret(versioned);
    const results = await Promise.allSettled(names.map((name) => leadObject(this.env, name).rescore(config)));
    results.forEach((r, i) => {
      if (r.status === 'rejected') return;
      // null: nothing scores there any more (merged into a lead, or erased).
      if (r.value === null) this.index.remove(names[i]!);
      else this.index.markRescored(names[i]!, versioned.rev);
    });
    // The next batch at once; after a failure, again a little later.
    const failed = results.some((r) => r.status === 'rejected');
    await this.ctx.storage.setAlarm(Date.now() + (failed ? 5_000 : 0));
  }

  // ── Web vitals ──

  /** Keeps page views' web vitals (once per event id) and drops those older than the window. */
  async addVitals(samples: VitalsSample[], now: number): Promise<void> {
    this.vitals.add(samples, now);
  }

  /** p75 of LCP, INP and CLS per path over the window, most sampled paths first. */
  async vitalsReport(now: number): Promise<PathVitals[]> {
    return this.vitals.report(now);
  }

  /** Forgets the web vitals samples of erased visitors. */
  async eraseVisitors(visitors: string[]): Promise<void> {
    this.vitals.eraseVisitors(visitors);
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
}
