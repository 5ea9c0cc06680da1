// What the marketer API and insights read of one object (SPEC.md §6): the lead's details scored now, the
// signals it had before an outcome (insights, issue 12), and everything it holds (tests and debugging).
// A linked visitor answers with a pointer to its lead.
import type { ScoredModels } from '../scoring/scoreModels';
import type { VersionedConfig } from '../site/versionedConfig';
import type { LeadDetails } from './LeadDetails';
import type { LeadParts } from './leadParts';
import { listCatchUp } from './listCatchUp';
import type { Scorekeeper } from './Scorekeeper';
import { signalsBefore, type SignalsBefore } from './signalsBefore';

/** Most visitors a lead's details list; `visitorCount` has them all (a lead may have tens of thousands). */
const MAX_LISTED_VISITORS = 100;

/** Reads one object for the marketer. */
export class LeadReader {
  constructor(
    private readonly parts: LeadParts,
    private readonly keeper: Scorekeeper,
  ) {}

  /** The lead as the marketer API shows it, scored now with `config`; for a linked visitor, the lead it went to. */
  details(config: VersionedConfig, now: number, recent: number): LeadDetails | { pointer: string } | null {
    const { store, history, visitors } = this.parts;
    const s = store.state;
    if (!s) return null;
    if (s.kind === 'linked') return { pointer: s.lead.name };
    store.adopt(config);
    const events = history.all();
    const scored = this.keeper.compute(now);
    return {
      name: s.name,
      id: s.id,
      identified: s.kind === 'lead',
      ...scored,
      // By time, newest first: the history is in arrival order, and a queued event may arrive after newer
      // ones (the reverse keeps the latest arrival first among equal times).
      events: [...events].reverse().sort((a, b) => b.ts - a.ts).slice(0, recent),
      eventCount: events.reduce((n, e) => n + (e.count ?? 1), 0),
      visitors: s.kind === 'lead' ? visitors.list(MAX_LISTED_VISITORS) : [s.id],
      visitorCount: s.kind === 'lead' ? visitors.count() : 1,
      traits: s.kind === 'lead' ? s.traits : {},
      // Events may predate the object (queued in the browser, or moved here by a merge).
      firstSeen: events.reduce((m, e) => Math.min(m, e.ts), s.firstSeen),
      lastSeen: s.lastSeen,
      published: s.indexed ? { score: s.indexed.score, band: s.indexed.band, at: s.indexed.at } : null,
      publishDue: listCatchUp(s, scored, now),
      stages: s.kind === 'lead' ? (s.stages ?? []) : [],
    };
  }

  /** What the lead had before `at` (keys, score under `config`) and has now; a linked visitor's lead; null: unknown. */
  signalsBefore(at: number, config: VersionedConfig): (SignalsBefore & { name: string; rev: number }) | { pointer: string } | null {
    const s = this.parts.store.state;
    if (!s) return null;
    if (s.kind === 'linked') return { pointer: s.lead.name };
    return { name: s.name, rev: config.rev, ...signalsBefore(this.parts.history.all(), config.config, at, Date.now()) };
  }

  /** Everything this object holds, scored now with `config` unless it holds a newer one. */
  inspect(config?: VersionedConfig) {
    const { store, history, visitors, routes } = this.parts;
    const s = store.state;
    if (!s) return null;
    if (config) store.adopt(config);
    const scored: ScoredModels = store.config ? this.keeper.compute(Date.now()) : { score: 0, band: 'cold', raw: 0, contributions: [], grade: null, models: [] };
    return { ...scored, state: { ...s, config: store.config }, events: history.all(), visitors: s.kind === 'lead' ? visitors.list() : [s.id], routes: routes.destinations() };
  }
}
