// One Durable Object per site: its configuration (the source of truth) and the index of its leads,
// which listings need because KV lists in key order and Durable Objects cannot be enumerated.
import { DurableObject } from 'cloudflare:workers';
import type { Env } from '../env';
import type { Band } from '../scoring/scoreLead';
import { siteConfigSchema, type SiteConfig } from '../siteConfigSchema';
import demoConfig from '../demoConfig.json';

/** A site's configuration with the version that changes on every replacement. */
export interface VersionedConfig {
  config: SiteConfig;
  version: string;
}

/** One row of the lead index. */
export interface LeadIndexEntry {
  name: string;
  id: string;
  score: number;
  band: Band;
  lastSeen: number;
  identified: boolean;
}

/** Leads rescored per alarm run after a configuration change. */
const RESCORE_BATCH = 50;

/** The demo site's shipped configuration, validated once. */
export const DEMO_CONFIG: SiteConfig = siteConfigSchema.parse(demoConfig);

export class SiteObject extends DurableObject<Env> {
  private readonly sql: SqlStorage;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.sql = ctx.storage.sql;
    this.sql.exec(`
      CREATE TABLE IF NOT EXISTS config (k TEXT PRIMARY KEY, v TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS leads (
        name TEXT PRIMARY KEY, id TEXT NOT NULL, score INTEGER NOT NULL, band TEXT NOT NULL,
        last_seen INTEGER NOT NULL, identified INTEGER NOT NULL);
      CREATE INDEX IF NOT EXISTS leads_by_score ON leads (score DESC, name);
    `);
  }

  private read(k: string): string | null {
    const row = this.sql.exec<{ v: string }>('SELECT v FROM config WHERE k = ?', k).toArray()[0];
    return row ? row.v : null;
  }

  private write(k: string, v: string): void {
    this.sql.exec('INSERT INTO config (k, v) VALUES (?, ?) ON CONFLICT (k) DO UPDATE SET v = excluded.v', k, v);
  }

  /** The site's configuration; the shipped default for `demo` until one is stored; null for an unknown site. */
  async getConfig(site: string): Promise<VersionedConfig | null> {
    const stored = this.read('config');
    if (stored) return JSON.parse(stored) as VersionedConfig;
    return site === 'demo' ? { config: DEMO_CONFIG, version: 'default' } : null;
  }

  /** Replaces the configuration (already validated) and starts rescoring every lead. */
  async putConfig(config: SiteConfig): Promise<VersionedConfig> {
    const versioned = { config, version: crypto.randomUUID() };
    this.write('config', JSON.stringify(versioned));
    this.write('rescore', JSON.stringify({ version: versioned.version, after: '' }));
    await this.ctx.storage.setAlarm(Date.now());
    return versioned;
  }

  /** Adds or updates a lead in the index. */
  async upsertLead(e: LeadIndexEntry): Promise<void> {
    this.sql.exec(
      `INSERT INTO leads (name, id, score, band, last_seen, identified) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (name) DO UPDATE SET id = excluded.id, score = excluded.score, band = excluded.band,
         last_seen = MAX(last_seen, excluded.last_seen), identified = excluded.identified`,
      e.name, e.id, e.score, e.band, e.lastSeen, e.identified ? 1 : 0,
    );
  }

  /** Removes a lead from the index (merged into another lead, or erased). */
  async removeLead(name: string): Promise<void> {
    this.sql.exec('DELETE FROM leads WHERE name = ?', name);
  }

  /** Leads by score, highest first, after the cursor `(score, name)` of the previous page. */
  async listLeads(opts: { band?: Band; limit: number; after?: { score: number; name: string } }): Promise<LeadIndexEntry[]> {
    const where: string[] = [];
    const args: (string | number)[] = [];
    if (opts.band) {
      where.push('band = ?');
      args.push(opts.band);
    }
    if (opts.after) {
      where.push('(score < ? OR (score = ? AND name > ?))');
      args.push(opts.after.score, opts.after.score, opts.after.name);
    }
    const rows = this.sql
      .exec<{ name: string; id: string; score: number; band: Band; last_seen: number; identified: number }>(
        `SELECT * FROM leads ${where.length ? 'WHERE ' + where.join(' AND ') : ''} ORDER BY score DESC, name LIMIT ?`,
        ...args,
        opts.limit,
      )
      .toArray();
    return rows.map((r) => ({ name: r.name, id: r.id, score: r.score, band: r.band, lastSeen: r.last_seen, identified: r.identified === 1 }));
  }

  /** Rescoring after a configuration change walks the index in batches, one alarm run each. */
  override async alarm(): Promise<void> {
    const job = this.read('rescore');
    const stored = this.read('config');
    if (!job || !stored) return;
    const { version, after } = JSON.parse(job) as { version: string; after: string };
    const versioned = JSON.parse(stored) as VersionedConfig;
    if (versioned.version !== version) return;
    const names = this.sql
      .exec<{ name: string }>('SELECT name FROM leads WHERE name > ? ORDER BY name LIMIT ?', after, RESCORE_BATCH)
      .toArray()
      .map((r) => r.name);
    await Promise.all(names.map((name) => this.env.LEADS.get(this.env.LEADS.idFromName(name)).rescore(versioned)));
    if (names.length < RESCORE_BATCH) {
      this.sql.exec('DELETE FROM config WHERE k = ?', 'rescore');
      return;
    }
    this.write('rescore', JSON.stringify({ version, after: names[names.length - 1] }));
    await this.ctx.storage.setAlarm(Date.now());
  }
}
