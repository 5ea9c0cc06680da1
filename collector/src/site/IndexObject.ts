// One of the INDEX_SHARDS objects of a site's lead index (indexShards.ts): the rows of its share of the
// site's leads, which listings merge (SiteIndex.ts), the web vitals samples of its share of the visitors,
// and the rescoring walk over its leads after a configuration change. Lead objects write here only when
// what a row shows changes (Publisher.ts); the site's own object (SiteObject.ts) is not on a beacon's path.
import { DurableObject } from 'cloudflare:workers';
import type { Env } from '../env';
import { count, metering } from '../meter/meter';
import { meteredEnv } from '../meter/meteredEnv';
import { meteredStorage } from '../meter/meteredStorage';
import { leadObject } from '../objects';
import type { Band } from '../scoring/scoreLead';
import { migrateIndexStorage } from './indexMigrations';
import { LeadIndex, type LeadIndexEntry, type ListOptions } from './LeadIndex';
import type { VersionedConfig } from './versionedConfig';
import type { VitalsSample } from './vitalsSamples';
import { VitalsStore } from './VitalsStore';
import { InsightsOutbox } from './InsightsOutbox';
import type { LeadReport } from '../insights/InsightsStore';
import { settledInPool } from '../settledInPool';

/** What a lead object hands its index object besides its row. */
export interface Pending {
  vitals?: VitalsSample[];
  notes?: LeadReport;
}

/** Leads rescored per alarm run after a configuration change. */
const RESCORE_BATCH = 50;
/** Of them, how many at once: the marketer's own reads keep a place in the queue while leads are rescored. */
const RESCORE_IN_FLIGHT = 8;

/** Where a rescoring walk is: the configuration it applies and the last lead name done. */
interface Walk {
  config: VersionedConfig;
  after: string;
  /** Whether this pass rescored any lead: a pass that rescored none ends the walk. */
  found: boolean;
  /** The walk ended; a lead upserted with an older revision later starts it again. */
  done?: boolean;
}

export class IndexObject extends DurableObject<Env> {
  private readonly storage: DurableObjectStorage;
  private readonly index: LeadIndex;
  private readonly vitals: VitalsStore;
  private walk: Walk | null;
  private readonly insights: InsightsOutbox;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, meteredEnv(env));
    this.storage = meteredStorage(ctx.storage, 'index', env);
    const sql = this.storage.sql;
    migrateIndexStorage(sql);
    this.index = new LeadIndex(sql);
    this.vitals = new VitalsStore(sql);
    this.insights = new InsightsOutbox(sql, this.storage, this.env, this.index);
    const row = sql.exec<{ v: string }>("SELECT v FROM meta WHERE k = 'walk'").toArray()[0];
    this.walk = row ? (JSON.parse(row.v) as Walk) : null;
  }

  // ── Lead rows ──

  /**
   * Adds or updates a lead's row, with the web vitals its visitor gathered since. A lead scored with an
   * older configuration than the one being applied (a beacon that carried a cached one) is picked up by
   * the walk, so published scores converge.
   */
  async upsertLead(site: string, e: LeadIndexEntry, pending: Pending = {}, now = Date.now()): Promise<void> {
    // Insights count leads by their indexed score (calibration, trend): the row joins the insights batch with
    // the lead's notes, and the batch sends its score with them.
    await this.insights.addRow(site, e.name, now, (batch) => this.index.upsert(e, { notes: pending.notes, ...batch }));
    if (pending.vitals?.length) this.vitals.add(pending.vitals, now);
    const walk = this.walk;
    if (!walk || (e.rev ?? 0) >= walk.config.rev) return;
    if (walk.done) this.saveWalk({ config: walk.config, after: '', found: false });
    if ((await this.storage.getAlarm()) === null) await this.storage.setAlarm(Date.now());
  }

  /** What a lead object gathered for the index without a row to write: web vitals, insight notes. */
  async addPending(site: string, name: string, pending: Pending, now = Date.now()): Promise<void> {
    if (pending.vitals?.length) this.vitals.add(pending.vitals, now);
    if (pending.notes) await this.insights.add(site, name, pending.notes, now);
  }

  /** Adds rows moved from an earlier layout (a row this object has is newer and stays). */
  async adoptLeads(entries: LeadIndexEntry[]): Promise<void> {
    for (const e of entries) this.index.adopt(e);
  }

  /** Removes a lead's row (merged into another lead, or erased) and what it still had to tell insights. */
  async removeLead(name: string): Promise<void> {
    this.index.remove(name);
    this.insights.drop(name);
  }

  /** Leads by score, highest first, after the position of the previous page. */
  async listLeads(opts: ListOptions): Promise<LeadIndexEntry[]> {
    return this.index.list(opts);
  }

  /** Lead counts per band and per score decile. */
  async leadStats(): Promise<{ total: number; bands: Record<Band, number>; histogram: number[] }> {
    return this.index.stats();
  }

  // ── Rescoring after a configuration change (SPEC.md §5) ──

  /** Starts walking this object's leads to rescore them with `config` (a newer revision than any walk before). */
  async startRescore(config: VersionedConfig): Promise<void> {
    if (this.walk && this.walk.config.rev >= config.rev) return;
    this.saveWalk({ config, after: '', found: false });
    await this.storage.setAlarm(Date.now());
  }

  /** How many of this object's leads still wait to be rescored with the configuration being applied. */
  async rescoreBacklog(): Promise<number> {
    return this.walk ? this.index.staleCount(this.walk.config.rev) : 0;
  }

  /**
   * A batch of the walk: the next leads by name scored with an older revision. Every row is visited once
   * per pass; a lead upserted with an older revision behind the walk's position is found by the next pass,
   * and a pass that finds none ends the walk.
   */
  override async alarm(): Promise<void> {
    if (metering(this.env)) count('alarms', 'index');
    await this.insights.flush(Date.now());
    const walk = this.walk;
    if (!walk || walk.done) return this.insights.schedule();
    const names = this.index.staleAfter(walk.config.rev, walk.after, RESCORE_BATCH);
    if (!names.length) {
      if (!walk.found && walk.after === '') {
        this.saveWalk({ ...walk, done: true });
        return this.insights.schedule();
      }
      this.saveWalk({ ...walk, after: '', found: false });
      await this.storage.setAlarm(Date.now());
      return;
    }
    const results = await settledInPool(names, RESCORE_IN_FLIGHT, (name) => leadObject(this.env, name).rescore(walk.config));
    results.forEach((r, i) => {
      if (r.status === 'rejected') return;
      // null: nothing scores there any more (merged into a lead, or erased).
      if (r.value === null) this.index.remove(names[i]!);
      else this.index.markRescored(names[i]!, walk.config.rev);
    });
    const failed = results.some((r) => r.status === 'rejected');
    // On with the next batch at once; after a failure, the same position a little later.
    if (this.walk === walk) this.saveWalk({ ...walk, after: failed ? walk.after : names[names.length - 1]!, found: true });
    await this.storage.setAlarm(Date.now() + (failed ? 5_000 : 0));
  }

  // ── Web vitals ──

  /** Keeps page views' web vitals (once per event id). */
  async addVitals(samples: VitalsSample[], now: number): Promise<void> {
    this.vitals.add(samples, now);
  }

  /** The samples of the window, for the site's report. */
  async recentVitals(now: number): Promise<ReturnType<VitalsStore['recent']>> {
    return this.vitals.recent(now);
  }

  /** Forgets the samples of erased visitors. */
  async eraseVisitors(visitors: string[]): Promise<void> {
    this.vitals.eraseVisitors(visitors);
  }

  private saveWalk(walk: Walk): void {
    this.walk = walk;
    this.storage.sql.exec("INSERT INTO meta (k, v) VALUES ('walk', ?) ON CONFLICT (k) DO UPDATE SET v = excluded.v", JSON.stringify(walk));
  }
}
