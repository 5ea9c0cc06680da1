// A site's lead index and web vitals as the marketer routes read them: the rows of its INDEX_SHARDS index
// objects, merged. A page of the list asks every index object for its own first page after the cursor and
// keeps the best: each holds its rows in score order, so the merge is exact.
import type { Env } from '../env';
import { indexObject } from '../objects';
import type { Band } from '../scoring/scoreLead';
import { indexShardName, indexShardNames } from './indexShards';
import type { LeadIndexEntry, ListOptions } from './LeadIndex';
import { vitalsReport, type PathVitals } from './vitalsReport';

/** Lead counts per band and per score decile. */
export interface LeadStats {
  total: number;
  bands: Record<Band, number>;
  histogram: number[];
}

/** Index order: score descending, then object name. */
const byPosition = (a: LeadIndexEntry, b: LeadIndexEntry) => (b.sortScore ?? b.score) - (a.sortScore ?? a.score) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

/** The index of one site. */
export class SiteIndex {
  constructor(
    private readonly env: Pick<Env, 'INDEX'>,
    private readonly site: string,
  ) {}

  private shards() {
    return indexShardNames(this.site).map((name) => indexObject(this.env, name));
  }

  /** Leads by score, highest first, after the position of the previous page. */
  async list(opts: ListOptions): Promise<LeadIndexEntry[]> {
    const pages = await Promise.all(this.shards().map((s) => s.listLeads(opts)));
    return pages.flat().sort(byPosition).slice(0, opts.limit);
  }

  /** Lead counts per band and per score decile, over every index object. */
  async stats(): Promise<LeadStats> {
    const all = await Promise.all(this.shards().map((s) => s.leadStats()));
    const out: LeadStats = { total: 0, bands: { cold: 0, warm: 0, hot: 0 }, histogram: Array.from({ length: 10 }, () => 0) };
    for (const s of all) {
      out.total += s.total;
      for (const b of ['cold', 'warm', 'hot'] as const) out.bands[b] += s.bands[b];
      s.histogram.forEach((n, i) => (out.histogram[i]! += n));
    }
    return out;
  }

  /** p75 of LCP, INP and CLS per path over the window, most sampled paths first. */
  async vitals(now: number): Promise<PathVitals[]> {
    const samples = await Promise.all(this.shards().map((s) => s.recentVitals(now)));
    return vitalsReport(samples.flat());
  }

  /** Removes the rows of lead objects (merged into another lead, or erased). */
  async remove(names: readonly string[]): Promise<void> {
    await Promise.all(names.map((name) => indexObject(this.env, indexShardName(this.site, name)).removeLead(name)));
  }

  /** Forgets the web vitals of erased visitors (kept by the index object of each visitor's own object). */
  async eraseVisitors(visitorObjects: readonly { visitor: string; name: string }[]): Promise<void> {
    const byShard = new Map<string, string[]>();
    for (const { visitor, name } of visitorObjects) {
      const shard = indexShardName(this.site, name);
      byShard.set(shard, [...(byShard.get(shard) ?? []), visitor]);
    }
    await Promise.all([...byShard].map(([shard, visitors]) => indexObject(this.env, shard).eraseVisitors(visitors)));
  }

  /** How many leads still wait to be rescored with the configuration being applied (tests, operations). */
  async rescoreBacklog(): Promise<number> {
    return (await Promise.all(this.shards().map((s) => s.rescoreBacklog()))).reduce((a, b) => a + b, 0);
  }

  /** Starts the rescoring walk of every index object with `config`. */
  async startRescore(config: Parameters<ReturnType<typeof indexObject>['startRescore']>[0]): Promise<void> {
    await Promise.all(this.shards().map((s) => s.startRescore(config)));
  }
}
