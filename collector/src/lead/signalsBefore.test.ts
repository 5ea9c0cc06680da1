import { describe, expect, it } from 'vitest';
import { siteConfigSchema } from '../site/siteConfigSchema';
import { signalsBefore } from './signalsBefore';
import type { StoredEvent } from './storedEvent';

const config = siteConfigSchema.parse({
  bands: { warm: 40, hot: 80 },
  rules: [
    { id: 'pricing', when: { type: 'pageview', path: '/pricing' }, points: 10, max: 30 },
    { id: 'careers', when: { type: 'pageview', path: '/careers' }, points: -15 },
  ],
});
const e = (ts: number, path: string): StoredEvent => ({ id: `e${ts}`, visitor: 'v', type: 'pageview', ts, path });

describe('signalsBefore', () => {
  it('sees only what happened before the outcome, and scores it at that time', () => {
    const events = [e(1, '/pricing'), e(2, '/pricing'), e(5, '/careers'), e(6, '/pricing'), { ...e(7, ''), type: 'visit' as const }];
    const r = signalsBefore(events, config, 5, 10);
    expect(r.keys).toEqual(['pageview /pricing']);
    expect(r.score).toBe(20);
    expect(r.current).toEqual({ keys: [{ key: 'pageview /pricing', at: 1 }, { key: 'pageview /careers', at: 5 }, { key: 'visit', at: 7 }], score: 15 });
  });

  it('counts folded history by its time', () => {
    const folded: StoredEvent = { ...e(3, '/pricing'), id: 'agg', count: 4 };
    expect(signalsBefore([folded], config, 4, 10)).toMatchObject({ keys: ['pageview /pricing'], score: 30 });
    expect(signalsBefore([folded], config, 3, 10)).toMatchObject({ keys: [], score: 0 });
  });
});
