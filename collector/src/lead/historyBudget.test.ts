import { createExecutionContext, env, runInDurableObject, waitOnExecutionContext } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { app } from '../app';
import { ORIGIN } from '../../test/helpers';
import { createSite, visitorStub } from '../../test/sites';
import { HISTORY_BUDGET, historyHeld, holdHistory, releaseHistory, type CachedHistory } from './historyBudget';
import type { LeadObject } from './LeadObject';

/** A cache that notes when it is dropped. */
const holder = () => {
  const h = { dropped: 0, dropCache: () => void h.dropped++ } satisfies CachedHistory & { dropped: number };
  return h;
};

describe('the history budget of an isolate', () => {
  it('drops the least recently used caches past the budget, never the one just used', () => {
    const base = historyHeld().items;
    const a = holder();
    const b = holder();
    const c = holder();
    const third = Math.floor((HISTORY_BUDGET - base) / 3);
    holdHistory(a, third);
    holdHistory(b, third);
    holdHistory(a, third); // a used again: b is now the least recently used
    expect([a.dropped, b.dropped]).toEqual([0, 0]);
    holdHistory(c, third);
    expect([a.dropped, b.dropped, c.dropped]).toEqual([0, 1, 0]);
    expect(historyHeld().items).toBeLessThanOrEqual(HISTORY_BUDGET);
    // One cache larger than the whole budget stays (its object is using it), and everything else goes.
    const big = holder();
    holdHistory(big, HISTORY_BUDGET * 2);
    expect([a.dropped, c.dropped, big.dropped]).toEqual([1, 1, 0]);
    releaseHistory(big);
    expect(historyHeld().items).toBeLessThanOrEqual(base);
  });

  it('a visitor whose cached history is dropped between beacons answers as one that kept it, retries of folded events included', async () => {
    const site = await createSite({
      rules: [{ id: 'pages', when: { type: 'pageview', path: '/p*' }, points: 1 }],
      bands: { warm: 90, hot: 99 },
      limits: { leadEventsPerMinute: 100_000, customEventsPerVisit: 10_000, customEventsPerDay: 100_000 },
    });
    const [kept, dropped] = ['keptcache00000000v', 'droppedcache0000v'];
    const send = async (visitor: string, events: object[]) => {
      const ctx = createExecutionContext();
      const res = await app.fetch(new Request(`${ORIGIN}/v1/collect`, { method: 'POST', headers: { 'Content-Type': 'text/plain' }, body: JSON.stringify({ site, visitor, events }) }), env, ctx);
      await waitOnExecutionContext(ctx);
      expect(res.status).toBe(200);
      return res.json();
    };
    const drop = () => runInDurableObject(visitorStub(site, dropped), (o: LeadObject) => o.parts.history.dropCache());
    // 1,100 pageviews in 22 beacons: past 1,000 raw events the oldest are folded (their ids kept apart).
    const beacons = Array.from({ length: 22 }, (_, b) => Array.from({ length: 50 }, (_, i) => ({ id: `e${b}x${i}xxxxxxxx`, type: 'pageview', ts: Date.now() - (22 - b) * 60_000, path: `/p${i}` })));
    const next = [{ id: 'enewpageviewxx', type: 'pageview', ts: Date.now(), path: '/p1' }];
    for (const events of [...beacons, beacons[0]!, beacons[21]!, next]) {
      const a = await send(kept, events);
      await drop();
      expect(await send(dropped, events)).toEqual(a);
    }
    const counts = (visitor: string) =>
      runInDurableObject(visitorStub(site, visitor), (o: LeadObject) => {
        const h = o.parts.history;
        return { raw: h.rawCount(), events: h.all().reduce((n, e) => n + (e.count ?? 1), 0) };
      });
    const after = await counts(dropped);
    expect(after.raw).toBeLessThan(1_000);
    expect(after.events).toBe(1_101);
    expect(await counts(kept)).toEqual(after);
  });
});
