// A linked visitor's routes: which lead got which event id, so that a retry goes where the original went
// even after the visitor was identified as someone else. Kept in the visitor's state row (a beacon writes
// one row), bounded to the newest MAX_ROUTES: the SDK's outbox resends at most its 200 newest events.
import type { LinkedState } from './objectState';
import type { StateStore } from './StateStore';

/** Most routes a visitor remembers, newest kept. */
export const MAX_ROUTES = 500;

/** Where a visitor's events went; `route` is what routeBeacon.ts asks. */
export interface Routes {
  /** Where event `id` goes: where it went before ('' when that lead was erased), or `dest`, which is recorded. */
  route(id: string, dest: string, at: number): string;
}

/** The routes of a linked visitor's object, in its state. */
export class RouteBook implements Routes {
  /** The routes of the state last read, by id (rebuilt when the state's list changes). */
  private index = new Map<string, number>();
  private indexed: LinkedState['routes'] | null = null;

  constructor(private readonly store: StateStore) {}

  route(id: string, dest: string): string {
    const s = this.linked();
    const known = this.lookup(s).get(id);
    if (known !== undefined) return s.dests![known] ?? '';
    this.record(s, [id], dest);
    return dest;
  }

  /** Records that this visitor's own history (the ids given) went to `dest`, at its first identify. */
  routeOwnHistory(ids: readonly string[], dest: string): void {
    this.record(this.linked(), ids, dest);
  }

  /**
   * Forgets that events went to the erased lead `dest`, keeping their ids with an empty destination: a
   * resend of one is dropped (`route` answers '') rather than counted by the visitor's current lead.
   */
  eraseRoutes(dest: string): void {
    const s = this.store.state;
    if (s?.kind !== 'linked' || !s.dests?.includes(dest)) return;
    this.store.save({ ...s, dests: s.dests.map((d) => (d === dest ? '' : d)) });
  }

  /** Every event id routed (an erased visitor's tombstone recognises them, tombstones.ts). */
  ids(): string[] {
    const s = this.store.state;
    return s?.kind === 'linked' && s.routes ? s.routes.map(([id]) => id) : [];
  }

  /** Every destination recorded, one per route (tests check that an erased lead is named nowhere). */
  destinations(): string[] {
    const s = this.store.state;
    if (s?.kind !== 'linked' || !s.routes) return [];
    return s.routes.map(([, i]) => s.dests![i]!);
  }

  private linked(): LinkedState {
    const s = this.store.state;
    if (s?.kind !== 'linked') throw new Error('routes belong to a linked visitor');
    return s;
  }

  private lookup(s: LinkedState): Map<string, number> {
    if (this.indexed !== s.routes) {
      this.index = new Map(s.routes ?? []);
      this.indexed = s.routes;
    }
    return this.index;
  }

  private record(s: LinkedState, ids: readonly string[], dest: string): void {
    const dests = [...(s.dests ?? [])];
    let i = dests.indexOf(dest);
    if (i < 0) i = dests.push(dest) - 1;
    const known = this.lookup(s);
    const routes = [...(s.routes ?? [])];
    for (const id of ids) {
      if (known.has(id)) continue;
      routes.push([id, i]);
      known.set(id, i);
    }
    const kept = routes.slice(-MAX_ROUTES);
    if (kept.length < routes.length) for (const [id] of routes.slice(0, routes.length - kept.length)) known.delete(id);
    this.indexed = kept;
    this.store.save({ ...s, routes: kept, dests });
  }
}
