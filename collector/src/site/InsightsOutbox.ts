// What an index object has to tell its site's insights object (collector/src/insights/): the notes its
// lead objects handed over with their rows (signal keys new to a lead, a day it was active) and the
// scores those rows carry. Kept in one row and sent as one batch a minute after the first waiting note:
// the insights object receives a call per index object per minute, not one per beacon.
import type { Env } from '../env';
import type { LeadReport } from '../insights/InsightsStore';
import { insightsObject } from '../objects';
import { MINUTE } from '../time';

/** Most leads one batch carries; more wait for the next. */
const BATCH = 500;

interface Outbox {
  site: string;
  /** When the batch goes. */
  due: number;
  /** Per lead object name, what it has to say (merged: keys added, the latest score and day). */
  reports: Record<string, LeadReport>;
}

/** The insights outbox of one index object. */
export class InsightsOutbox {
  private box: Outbox | null;

  constructor(
    private readonly sql: SqlStorage,
    private readonly storage: DurableObjectStorage,
    private readonly env: Env,
  ) {
    const row = sql.exec<{ v: string }>("SELECT v FROM meta WHERE k = 'insights'").toArray()[0];
    this.box = row ? (JSON.parse(row.v) as Outbox) : null;
  }

  /** Adds a lead's report; the first waiting one sets the alarm a minute on. */
  async add(site: string, lead: string, report: LeadReport, now: number): Promise<void> {
    const fresh = !this.box;
    const box: Outbox = this.box ?? { site, due: now + MINUTE, reports: {} };
    const prev = box.reports[lead];
    box.reports[lead] = {
      ...prev,
      ...report,
      ...(prev?.keys || report.keys ? { keys: [...(prev?.keys ?? []), ...(report.keys ?? [])] } : {}),
      ...(prev?.day !== undefined || report.day !== undefined ? { day: Math.max(prev?.day ?? -Infinity, report.day ?? -Infinity) } : {}),
    };
    this.save(box);
    if (fresh) await this.schedule();
  }

  /** Drops what a lead had to say (it was erased or merged into another: insights must not count it again). */
  drop(lead: string): void {
    const box = this.box;
    if (!box?.reports[lead]) return;
    const { [lead]: _dropped, ...reports } = box.reports;
    this.save(Object.keys(reports).length ? { ...box, reports } : null);
  }

  /**
   * Sends the batch (the object's alarm rang: for it, or for a rescoring batch, which takes it along); a
   * failure keeps it for the next minute.
   */
  async flush(now: number): Promise<void> {
    const box = this.box;
    if (!box) return;
    const entries = Object.entries(box.reports);
    const sent = entries.slice(0, BATCH);
    try {
      await insightsObject(this.env, box.site).noteMany(sent.map(([lead, report]) => ({ lead, report })));
    } catch (err) {
      console.error('insights batch failed', err);
      this.save({ ...this.box!, due: now + MINUTE });
      return;
    }
    // Reports added while the batch was on its way stay (a lead's newer report replaced its entry).
    const current = this.box!;
    for (const [lead, report] of sent) if (current.reports[lead] === report) delete current.reports[lead];
    this.save(Object.keys(current.reports).length ? { ...current, due: now + (entries.length > BATCH ? 0 : MINUTE) } : null);
  }

  /** Sets the alarm for the batch unless one rings sooner. */
  async schedule(): Promise<void> {
    if (!this.box) return;
    const at = await this.storage.getAlarm();
    if (at === null || at > this.box.due) await this.storage.setAlarm(this.box.due);
  }

  private save(box: Outbox | null): void {
    this.box = box;
    if (box) this.sql.exec("INSERT INTO meta (k, v) VALUES ('insights', ?) ON CONFLICT (k) DO UPDATE SET v = excluded.v", JSON.stringify(box));
    else this.sql.exec("DELETE FROM meta WHERE k = 'insights'");
  }
}
