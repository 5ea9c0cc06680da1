// What an index object has to tell its site's insights object (collector/src/insights/): the notes its
// lead objects handed over with their rows (signal keys new to a lead, a day it was active) and the
// scores those rows carry. Sent as one batch a minute after the batch opened: the insights object
// receives a call per index object per minute, not one per beacon. A lead with a row waits in it: its
// notes and the batch's number ride in the row the upsert writes anyway (LeadIndex.ts), so a report
// costs no row of its own; the batch's own row (`meta`, key `insights`) is written when it opens and when
// it closes. The reports of leads without a row (`addPending`) wait in that row.
import type { Env } from '../env';
import type { LeadReport } from '../insights/InsightsStore';
import { mergeReports } from '../insights/mergeReports';
import { insightsObject } from '../objects';
import { MINUTE } from '../time';
import type { LeadIndex } from './LeadIndex';

/** Most leads one call carries. */
const BATCH = 500;

interface Outbox {
  site: string;
  /** When the open batch goes; absent: no batch is open. */
  due?: number;
  /** The open batch's number (the next one's when none is open): rows marked with it wait in it. */
  batch: number;
  /** Per lead object name without a row, what it has to say (merged: keys added, the latest score and day). */
  reports: Record<string, LeadReport>;
}

/** The insights outbox of one index object. */
export class InsightsOutbox {
  private box: Outbox | null;
  /**
   * The rows marked with the open batch by this instance; null when a batch was open before it started
   * (the object was evicted meanwhile): the flush then finds them by a scan of the rows.
   */
  private marked: Set<string> | null;
  /** The batch on its way to insights: a report of a row waiting in it is kept by the next upsert, in case it fails. */
  private sending: number | null = null;

  constructor(
    private readonly sql: SqlStorage,
    private readonly storage: DurableObjectStorage,
    private readonly env: Env,
    private readonly index: LeadIndex,
  ) {
    const row = sql.exec<{ v: string }>("SELECT v FROM meta WHERE k = 'insights'").toArray()[0];
    // A batch saved before rows carried their reports has no number: 0.
    const box = row ? (JSON.parse(row.v) as Partial<Outbox> & { site: string }) : null;
    this.box = box ? { site: box.site, due: box.due, batch: box.batch ?? 0, reports: box.reports ?? {} } : null;
    this.marked = this.box?.due !== undefined ? null : new Set();
  }

  /** Upserts a lead's row with its report (`write` is given the batch to join); the row joins the open batch. */
  async addRow(site: string, lead: string, now: number, write: (report: { batch: number; keep: number[] }) => void): Promise<void> {
    const opened = this.open(site, now);
    const batch = opened.batch;
    write({ batch, keep: this.sending === null ? [batch] : [batch, this.sending] });
    this.marked?.add(lead);
    if (opened.fresh) await this.schedule();
  }

  /** Adds the report of a lead without a row. */
  async add(site: string, lead: string, report: LeadReport, now: number): Promise<void> {
    const { box, fresh } = this.open(site, now);
    this.save({ ...box, reports: { ...box.reports, [lead]: mergeReports(box.reports[lead], report) } });
    if (fresh) await this.schedule();
  }

  /** Drops what a lead had to say (it was erased or merged into another: insights must not count it again). */
  drop(lead: string): void {
    this.marked?.delete(lead);
    const box = this.box;
    if (!box?.reports[lead]) return;
    const { [lead]: _dropped, ...reports } = box.reports;
    this.save({ ...box, reports });
  }

  /**
   * Sends the open batch (the object's alarm rang: for it, or for a rescoring batch, which takes it along).
   * Reports that arrive meanwhile join the next batch; what a failure left unsent waits for it too.
   */
  async flush(now: number): Promise<void> {
    const box = this.box;
    if (!box || box.due === undefined) return;
    const sending = box.batch;
    const rows = this.index.waitingReports(sending, this.marked ? [...this.marked] : null);
    const others = Object.entries(box.reports).map(([lead, report]) => ({ lead, report }));
    const all = [...rows, ...others];
    this.save({ site: box.site, batch: sending + 1, reports: {} });
    this.marked = new Set();
    this.sending = sending;
    let sent = 0;
    try {
      for (; sent < all.length; sent += BATCH) await insightsObject(this.env, box.site).noteMany(all.slice(sent, sent + BATCH));
    } catch (err) {
      console.error('insights batch failed', err);
      this.putBack(all.slice(sent), rows.length - sent, sending, now);
    } finally {
      this.sending = null;
    }
  }

  /** Sets the alarm for the open batch unless one rings sooner. */
  async schedule(): Promise<void> {
    const due = this.box?.due;
    if (due === undefined) return;
    const at = await this.storage.getAlarm();
    if (at === null || at > due) await this.storage.setAlarm(due);
  }

  /** The open batch, opened (due a minute on) if none is. */
  private open(site: string, now: number): { box: Outbox; batch: number; fresh: boolean } {
    const box = this.box;
    if (box?.due !== undefined) return { box, batch: box.batch, fresh: false };
    const opened: Outbox = { site, due: now + MINUTE, batch: box?.batch ?? 1, reports: box?.reports ?? {} };
    this.save(opened);
    return { box: opened, batch: opened.batch, fresh: true };
  }

  /** Reports that could not be sent join the open batch (opened a minute on if none is); rows first in `left`. */
  private putBack(left: { lead: string; report: LeadReport }[], rowsLeft: number, from: number, now: number): void {
    const { box } = this.open(this.box!.site, now);
    const rows = left.slice(0, Math.max(0, rowsLeft)).map((r) => r.lead);
    this.index.moveReports(rows, from, box.batch);
    for (const lead of rows) this.marked?.add(lead);
    const reports = { ...box.reports };
    for (const { lead, report } of left.slice(Math.max(0, rowsLeft))) reports[lead] = mergeReports(report, reports[lead] ?? {});
    this.save({ ...box, reports });
  }

  private save(box: Outbox): void {
    this.box = box;
    this.sql.exec("INSERT INTO meta (k, v) VALUES ('insights', ?) ON CONFLICT (k) DO UPDATE SET v = excluded.v", JSON.stringify(box));
  }
}
