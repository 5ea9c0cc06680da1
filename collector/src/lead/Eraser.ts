// Right to erasure inside one object (SPEC.md §6): a tombstone of what it held (tombstones.ts), so that
// resends stay erased, then every table and key emptied. What lives elsewhere — the visitors' own objects,
// the KV score, the index row — the caller erases (marketer/eraseLead.ts).
import type { LeadParts } from './leadParts';

/** Erases a lead's or a visitor's object. */
export class Eraser {
  constructor(private readonly parts: LeadParts) {}

  /**
   * Erases everything this object holds (right to erasure) and returns what the caller still has to
   * erase elsewhere: the visitors whose pointers lead here, the KV score and the index row.
   */
  async erase(): Promise<{ site: string; name: string; visitors: string[] } | null> {
    const s = this.parts.store.state;
    const visitors = s?.kind === 'lead' ? this.parts.visitors.list() : s ? [s.id] : [];
    if (s) await this.bury(s.name);
    await this.wipe();
    await this.scheduleAfterWipe();
    return s ? { site: s.site, name: s.name, visitors } : null;
  }

  /**
   * A visitor's own object erases itself when it belongs to the erased lead `lead` (or to none); a
   * visitor identified as another lead since then keeps its link to that lead.
   */
  async eraseVisitor(lead: string): Promise<boolean> {
    const { store, routes, history } = this.parts;
    const s = store.state;
    if (s?.kind === 'linked' && s.lead.name !== lead) {
      // Its routes no longer name the erased lead; a resend of an event that went there is dropped.
      routes.eraseRoutes(lead);
      // Its own history, if still waiting to move to the erased lead, is that lead's: drop it.
      if (s.mergeTo?.name === lead) {
        history.clear();
        const { mergeTo: _m, ...rest } = s;
        store.save(rest);
      }
      return false;
    }
    if (s) await this.bury(s.name);
    await this.wipe();
    await this.scheduleAfterWipe();
    return true;
  }

  /** Empties every table (but the tombstone) and storage key and cancels the alarm, keeping the schema for later use. */
  async wipe(): Promise<void> {
    const { storage, store, history, publisher, insights } = this.parts;
    const sql = storage.sql;
    const tables = sql
      .exec<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' AND substr(name, 1, 7) != 'sqlite_' AND substr(name, 1, 4) != '_cf_' AND name != 'tombstones'")
      .toArray();
    for (const { name } of tables) sql.exec(`DELETE FROM "${name.replace(/"/g, '""')}"`);
    const keys = [...(await storage.list()).keys()];
    for (let i = 0; i < keys.length; i += 128) await storage.delete(keys.slice(i, i + 128));
    await storage.deleteAlarm();
    store.forget();
    history.forget();
    publisher.forget();
    insights.forget(); // insights (issue 12)
  }

  /**
   * Writes this object's tombstone ahead of its erasure: its name and every event id it held — raw, folded
   * and routed — as keyed hashes (tombstones.ts), so that resends of them stay erased.
   */
  private async bury(name: string): Promise<void> {
    const { history, routes, tombstones } = this.parts;
    const ids = [...history.raw().map((e) => e.id), ...history.log.mergePayload(name).seen, ...routes.ids()];
    const prepared = await tombstones.prepare(name, ids);
    tombstones.write(prepared, Date.now());
  }

  /** After a wipe (which deletes the alarm): the alarm that removes a tombstone when it expires, if there is one. */
  private async scheduleAfterWipe(): Promise<void> {
    this.parts.clock.reset(null);
    await this.parts.clock.schedule();
  }
}
