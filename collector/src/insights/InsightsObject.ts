// One Durable Object per site for outcomes and insights (docs/insights.md), apart from the site object so
// that neither beacons nor insight reads make that one a hot spot. Lead objects report to it what they
// have for the first time (lead/InsightsReporter.ts); conversions are recorded here with
// what the lead had before; reads assemble insights, calibration and trend from counts kept up to date.
import { DurableObject } from 'cloudflare:workers';
import type { Env } from '../env';
import { meteredStorage } from '../meter/meteredStorage';
import type { VersionedConfig } from '../site/versionedConfig';
import { calibrate, type Calibration } from './calibrate';
import { InsightsStore, type LeadReport, type OutcomeRecord } from './InsightsStore';
import { insightsReport, type InsightsReport } from './insightsReport';
import { migrateInsightsStorage } from './insightsMigrations';
import { siteOutcome } from './outcomeName';
import { countedSignatures } from './ruleSignature';
import { MIN_SIGNAL_LEADS } from './signalFigures';
import { trendReport, type TrendPoint } from './trendReport';
import { TREND_RETENTION_DAYS, TrendStore } from './TrendStore';

export class InsightsObject extends DurableObject<Env> {
  /** The stores, public for the bench and tests that read their write counts. */
  readonly trendStore: TrendStore;
  readonly store: InsightsStore;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    // Counted with METER=1 like the other objects' storage (the cost benchmark).
    const sql = meteredStorage(ctx.storage, 'insights', env).sql;
    migrateInsightsStorage(sql);
    this.trendStore = new TrendStore(sql);
    this.store = new InsightsStore(sql, this.trendStore);
  }

  // ── From index and lead objects ──

  /** Reports of many leads at once, as an index object batches them (site/InsightsOutbox.ts). */
  async noteMany(reports: { lead: string; report: LeadReport }[]): Promise<void> {
    const now = Date.now();
    this.trendStore.roll(now);
    this.store.noteMany(reports, now);
  }

  /** A visitor's history moved to its lead `to`: the visitor's outcomes go with it. */
  async merge(from: string, to: string): Promise<void> {
    const now = Date.now();
    this.trendStore.roll(now);
    this.store.merge(from, to, now);
  }

  /** Erases leads' outcomes and everything counted of them (right to erasure). */
  async forget(leads: string[]): Promise<void> {
    this.trendStore.roll(Date.now());
    this.store.forget(leads);
  }

  // ── Outcomes ──

  /** Which of these outcome ids are recorded already. */
  async recordedIds(ids: string[]): Promise<string[]> {
    return [...this.store.recordedIds(ids)];
  }

  /** Records outcomes (once per id) against the rules of `config`. */
  async record(items: OutcomeRecord[], config: VersionedConfig): Promise<('recorded' | 'duplicate')[]> {
    const now = Date.now();
    this.sync(config, now);
    return this.store.record(items, now);
  }

  // ── Reads ──

  /** The insights of `outcome` (default: the site's) under `config`. */
  async insights(config: VersionedConfig, outcome?: string): Promise<InsightsReport> {
    this.sync(config, Date.now());
    const name = outcome ?? siteOutcome(config.config);
    return insightsReport({
      config: config.config,
      outcome: name,
      counts: this.store.counts(name, MIN_SIGNAL_LEADS),
      outcomes: this.store.outcomeTotals(),
      calibration: this.calibrationOf(config, name),
      olderScores: this.store.olderScores(name, config.rev),
    });
  }

  /** The calibration of the site's outcome: what lead confidence is read from (one call per listing). */
  async calibration(config: VersionedConfig): Promise<Calibration> {
    return this.calibrationOf(config, siteOutcome(config.config));
  }

  /** The last `days` days of the trend, today included. */
  async trend(config: VersionedConfig, days: number): Promise<TrendPoint[]> {
    const now = Date.now();
    this.sync(config, now);
    return trendReport(this.trendStore.days(days, now), config.config.bands, siteOutcome(config.config));
  }

  private calibrationOf(config: VersionedConfig, outcome: string): Calibration {
    const { leads, conversions } = this.store.scoreCounts(outcome);
    return calibrate(outcome, leads, conversions, config.config.bands);
  }

  /** Brings the counted rules and the kept days in line with `config`. */
  private sync(config: VersionedConfig, now: number): void {
    this.trendStore.roll(now, config.config.retentionDays ?? TREND_RETENTION_DAYS);
    this.store.syncRules(countedSignatures(config.config));
  }
}
