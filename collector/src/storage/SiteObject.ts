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
  /** Revision: grows with every replacement, so a lead never trades a newer configuration for an older one. */
  rev: number;
}

/** One row of the lead index. */
export interface LeadIndexEntry {
  name: string;
  id: string;
  score: number;
  band: Band;
  lastSeen: number;
  identified: boolean;
  /** Revision of the configuration the lead was last scored with; older ones get rescored. */
  rev?: number;
}

/** One page view's web vitals, as the lead object hands them over. */
export interface VitalsSample {
  id: string;
  path: string;
  visitor: string;
  ts: number;
  lcp: number | null;
  inp: number | null;
  cls: number | null;
}

/** A metric's 75th percentile (nearest rank) over its samples. */
export interface MetricP75 {
  p75: number;
  samples: number;
}

/** The web vitals of one path. */
export interface PathVitals {
  path: string;
  samples: number;
  lcp: MetricP75 | null;
  inp: MetricP75 | null;
  cls: MetricP75 | null;
}

/** How long web vitals samples are kept (CrUX reports a 28-day window too). */
export const VITALS_WINDOW_MS = 28 * 86_400_000;
/** Most paths a vitals report lists, by sample count. */
const VITALS_MAX_PATHS = 500;

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
      CREATE INDEX IF NOT EXISTS leads_by_band ON leads (band, score DESC, name);
    `);
    // The configuration revision each lead was last scored with (added after the first release).
    if (!this.sql.exec<{ name: string }>("SELECT name FROM pragma_table_info('leads') WHERE name = 'rev'").toArray().length) {
      this.sql.exec('ALTER TABLE leads ADD COLUMN rev INTEGER NOT NULL DEFAULT 0');
    }
  }

  private rev: number | null = null;

  /** Revision of the stored configuration (0: the shipped default, or none). */
  private currentRev(): number {
    if (this.rev === null) {
      const stored = this.read('config');
      this.rev = stored ? ((JSON.parse(stored) as Partial<VersionedConfig>).rev ?? 0) : 0;
    }
    return this.rev;
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
    if (stored) return { rev: 0, ...(JSON.parse(stored) as Omit<VersionedConfig, 'rev'>) };
    return site === 'demo' ? { config: DEMO_CONFIG, version: 'default', rev: 0 } : null;
  }

  /** Replaces the configuration (already validated) and starts rescoring every lead (SPEC.md §5). */
  async putConfig(config: SiteConfig): Promise<VersionedConfig> {
    const rev = this.currentRev() + 1;
    const versioned: VersionedConfig = { config, version: crypto.randomUUID(), rev };
    this.write('config', JSON.stringify(versioned));
    this.rev = rev;
    await this.ctx.storage.setAlarm(Date.now());
    return versioned;
  }

  /**
   * Adds or updates a lead in the index. A lead scored with an older configuration than the site's (a
   * beacon that carried a cached one) starts the rescoring alarm, so published scores converge.
   */
  async upsertLead(e: LeadIndexEntry): Promise<void> {
    const rev = e.rev ?? 0;
    this.sql.exec(
      `INSERT INTO leads (name, id, score, band, last_seen, identified, rev) VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (name) DO UPDATE SET id = excluded.id, score = excluded.score, band = excluded.band,
         last_seen = MAX(last_seen, excluded.last_seen), identified = excluded.identified, rev = excluded.rev`,
      e.name, e.id, e.score, e.band, e.lastSeen, e.identified ? 1 : 0, rev,
    );
    if (rev < this.currentRev() && (await this.ctx.storage.getAlarm()) === null) await this.ctx.storage.setAlarm(Date.now());
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

  /**
   * Rescoring after a configuration change (SPEC.md §5): walks the leads scored with an older revision,
   * a batch per alarm run, until none is left.
   */
  override async alarm(): Promise<void> {
    const stored = this.read('config');
    if (!stored) return;
    const versioned = { rev: 0, ...(JSON.parse(stored) as Omit<VersionedConfig, 'rev'>) };
    const names = this.sql
      .exec<{ name: string }>('SELECT name FROM leads WHERE rev < ? ORDER BY name LIMIT ?', versioned.rev, RESCORE_BATCH)
      .toArray()
      .map((r) => r.name);
    if (!names.length) return;
    const results = await Promise.allSettled(names.map((name) => this.env.LEADS.get(this.env.LEADS.idFromName(name)).rescore(versioned)));
    results.forEach((r, i) => {
      if (r.status === 'rejected') return;
      // null: nothing scores there any more (merged into a lead, or erased).
      if (r.value === null) this.sql.exec('DELETE FROM leads WHERE name = ?', names[i]!);
      else this.sql.exec('UPDATE leads SET rev = MAX(rev, ?) WHERE name = ?', versioned.rev, names[i]!);
    });
    // The next batch at once; after a failure, again a little later.
    const failed = results.some((r) => r.status === 'rejected');
    await this.ctx.storage.setAlarm(Date.now() + (failed ? 5_000 : 0));
  }

  // ── Marketer surface (SPEC.md §6): dashboard counts and web vitals per path ──

  /** Lead counts per band and per score decile (0–9, 10–19, …, 90–100). */
  async leadStats(): Promise<{ total: number; bands: Record<Band, number>; histogram: number[] }> {
    const bands: Record<Band, number> = { cold: 0, warm: 0, hot: 0 };
    for (const r of this.sql.exec<{ band: Band; n: number }>('SELECT band, COUNT(*) AS n FROM leads GROUP BY band')) bands[r.band] = r.n;
    const histogram = Array.from({ length: 10 }, () => 0);
    for (const r of this.sql.exec<{ b: number; n: number }>('SELECT MIN(MAX(score, 0) / 10, 9) AS b, COUNT(*) AS n FROM leads GROUP BY b')) histogram[r.b] = r.n;
    return { total: bands.cold + bands.warm + bands.hot, bands, histogram };
  }

  private vitalsReady = false;

  /** The vitals table, created on first use. */
  private vitals(): SqlStorage {
    if (!this.vitalsReady) {
      this.sql.exec(`
        CREATE TABLE IF NOT EXISTS vitals (id TEXT PRIMARY KEY, path TEXT NOT NULL, visitor TEXT NOT NULL,
          ts INTEGER NOT NULL, lcp REAL, inp REAL, cls REAL);
        CREATE INDEX IF NOT EXISTS vitals_by_ts ON vitals (ts);
        CREATE INDEX IF NOT EXISTS vitals_by_visitor ON vitals (visitor);
      `);
      this.vitalsReady = true;
    }
    return this.sql;
  }

  /** Keeps page views' web vitals (once per event id) and drops those older than the window. */
  async addVitals(samples: VitalsSample[], now: number): Promise<void> {
    const sql = this.vitals();
    for (const v of samples) {
      sql.exec('INSERT OR IGNORE INTO vitals (id, path, visitor, ts, lcp, inp, cls) VALUES (?, ?, ?, ?, ?, ?, ?)', v.id, v.path, v.visitor, v.ts, v.lcp, v.inp, v.cls);
    }
    sql.exec('DELETE FROM vitals WHERE ts < ?', now - VITALS_WINDOW_MS);
  }

  /** p75 of LCP, INP and CLS per path over the window, most sampled paths first. */
  async vitalsReport(now: number): Promise<PathVitals[]> {
    const sql = this.vitals();
    const since = now - VITALS_WINDOW_MS;
    const paths = sql
      .exec<{ path: string; n: number }>('SELECT path, COUNT(*) AS n FROM vitals WHERE ts >= ? GROUP BY path ORDER BY n DESC, path LIMIT ?', since, VITALS_MAX_PATHS)
      .toArray();
    const report = new Map<string, PathVitals>(paths.map((p) => [p.path, { path: p.path, samples: p.n, lcp: null, inp: null, cls: null }]));
    for (const metric of ['lcp', 'inp', 'cls'] as const) {
      // Nearest-rank p75: the value at rank ceil(0.75 n) = floor((3n + 3) / 4) in ascending order.
      const rows = sql.exec<{ path: string; v: number; n: number }>(
        `SELECT path, v, n FROM (
           SELECT path, ${metric} AS v, ROW_NUMBER() OVER (PARTITION BY path ORDER BY ${metric}) AS rank,
             COUNT(*) OVER (PARTITION BY path) AS n
           FROM vitals WHERE ts >= ? AND ${metric} IS NOT NULL)
         WHERE rank = (3 * n + 3) / 4`,
        since,
      );
      for (const r of rows) {
        const entry = report.get(r.path);
        if (entry) entry[metric] = { p75: r.v, samples: r.n };
      }
    }
    return [...report.values()];
  }

  /** Forgets the web vitals samples of erased visitors. */
  async eraseVisitors(visitors: string[]): Promise<void> {
    const sql = this.vitals();
    for (const v of visitors) sql.exec('DELETE FROM vitals WHERE visitor = ?', v);
  }
}
