// Routing a visitor's beacon around its identifies, with routes kept in memory.
import { describe, expect, it } from 'vitest';
import { routeToLeads, splitAtFirstIdentify, type NamedEvent } from './routeBeacon';
import type { Routes } from './RouteBook';
import type { StoredEvent } from './storedEvent';

const ev = (id: string): NamedEvent => ({ event: { id, type: 'event', ts: 1, name: id, visitor: 'v' } as StoredEvent });
const identify = (id: string, lead: string): NamedEvent => ({ event: { id, type: 'identify', ts: 1, visitor: 'v', lead } as StoredEvent, lead: { name: `s/l/${lead}`, id: lead } });

/** Routes in a Map, as RouteBook keeps them in SQL. */
function memoryRoutes(initial: Record<string, string> = {}): Routes & { map: Map<string, string> } {
  const map = new Map(Object.entries(initial));
  return {
    map,
    route(id, dest) {
      if (!map.has(id)) map.set(id, dest);
      return map.get(id)!;
    },
  };
}

const ids = (segments: { dest: string; events: StoredEvent[] }[]) => segments.map((s) => [s.dest, s.events.map((e) => e.id)]);

describe('splitAtFirstIdentify', () => {
  it('keeps everything as own history while the visitor has no identify', () => {
    expect(splitAtFirstIdentify([ev('a'), ev('b')], false)).toEqual({ own: [ev('a').event, ev('b').event], toLeads: [] });
  });

  it('cuts at the first identify: before it own history, from it on for leads', () => {
    const { own, toLeads } = splitAtFirstIdentify([ev('a'), identify('i', 'ana'), ev('b')], false);
    expect(own.map((e) => e.id)).toEqual(['a']);
    expect(toLeads.map((e) => e.event.id)).toEqual(['i', 'b']);
  });

  it('sends everything to leads once the visitor is linked', () => {
    expect(splitAtFirstIdentify([ev('a')], true).toLeads.map((e) => e.event.id)).toEqual(['a']);
  });
});

describe('routeToLeads', () => {
  it('sends events to the lead of the latest identify, in order, one segment per run', () => {
    const routes = memoryRoutes();
    const { link, segments } = routeToLeads([identify('i1', 'ana'), ev('a'), identify('i2', 'bob'), ev('b'), ev('c')], undefined, routes, 0);
    expect(link).toEqual({ name: 's/l/bob', id: 'bob' });
    expect(ids(segments)).toEqual([
      ['s/l/ana', ['i1', 'a']],
      ['s/l/bob', ['i2', 'b', 'c']],
    ]);
  });

  it('sends a retried event where it went the first time, even after a re-identify', () => {
    const routes = memoryRoutes({ a: 's/l/ana' });
    const { segments } = routeToLeads([ev('a'), ev('new')], { name: 's/l/bob', id: 'bob' }, routes, 0);
    expect(ids(segments)).toEqual([
      ['s/l/ana', ['a']],
      ['s/l/bob', ['new']],
    ]);
    expect(routes.map.get('new')).toBe('s/l/bob');
  });

  it('drops the resend of an event whose lead was erased', () => {
    const routes = memoryRoutes({ gone: '' });
    const { segments } = routeToLeads([ev('gone'), ev('kept')], { name: 's/l/bob', id: 'bob' }, routes, 0);
    expect(ids(segments)).toEqual([['s/l/bob', ['kept']]]);
  });

  it('keeps the link when an identify names the lead it already has', () => {
    const link = { name: 's/l/ana', id: 'ana' };
    expect(routeToLeads([identify('i', 'ana')], link, memoryRoutes(), 0).link).toBe(link);
  });
});
