// A lead's storage stays bounded (issue 4 point 7): raw events past retention or past the count limit
// are folded into aggregates that the rules still match, and folded event ids still count once.
import { runDurableObjectAlarm } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { collect, newEventId, newVisitor } from '../../test/helpers';
import { createSite, explainVisitor, visitorStub } from '../../test/sites';
import { MAX_RAW_EVENTS } from './foldHistory';

const DAY = 86_400_000;
const rules = [
  { id: 'pricing', when: { type: 'pageview' as const, path: '/pricing*' }, points: 1 },
  { id: 'daily', when: { type: 'pageview' as const, path: '/pricing*' }, points: 5, once: 'day' as const },
];
const pv = (path: string, ts: number) => ({ id: newEventId(), type: 'pageview', ts, path });

async function ownHistory(site: string, visitor: string) {
  return (await explainVisitor(site, visitor))!;
}

describe('bounded history', () => {
  it('folds events past retention into daily aggregates the rules still match; a folded id still counts once', async () => {
    const site = await createSite({ rules, retentionDays: 2 });
    const visitor = newVisitor();
    const now = Date.now();
    const old = [pv('/pricing', now - 5 * DAY), pv('/pricing/team', now - 5 * DAY + 1), pv('/pricing', now - 4 * DAY), pv('/blog', now - 4 * DAY)];
    const recent = [pv('/pricing', now - DAY / 2)];
    const res = await collect({ site, visitor, events: [...old, ...recent] });
    // 3 + 1 pricing views, on 3 UTC days (or 2, when the recent one shares a day): each day 5 once.
    const days = new Set([...old, ...recent].filter((e) => e.path.startsWith('/pricing')).map((e) => Math.floor(e.ts / DAY))).size;
    expect(await res.json()).toEqual({ score: 4 + 5 * days, band: 'cold' });

    const stored = await ownHistory(site, visitor);
    const raw = stored.events.filter((e) => e.count === undefined);
    const aggregates = stored.events.filter((e) => e.count !== undefined);
    expect(raw.map((e) => e.id)).toEqual(recent.map((e) => e.id));
    expect(aggregates.map((e) => [e.path, e.count]).sort()).toEqual([['/blog', 1], ['/pricing', 1], ['/pricing', 1], ['/pricing/team', 1]].sort());
    expect(stored.score).toBe(4 + 5 * days);

    // A retry of a folded event is still recognised.
    expect(await (await collect({ site, visitor, events: [old[0]!] })).json()).toEqual({ score: 4 + 5 * days, band: 'cold' });
  });

  it(`keeps at most ${MAX_RAW_EVENTS} raw events: the oldest fold, the score does not change`, async () => {
    const site = await createSite({ rules });
    const visitor = newVisitor();
    const start = Date.now() - 3 * DAY;
    const events = Array.from({ length: 1_100 }, (_, i) => pv(i % 2 ? '/pricing' : '/about', start + i * 60_000));
    let last: unknown;
    for (let i = 0; i < events.length; i += 50) last = await (await collect({ site, visitor, events: events.slice(i, i + 50) })).json();
    const days = new Set(events.filter((e) => e.path === '/pricing').map((e) => Math.floor(e.ts / DAY))).size;
    expect(last).toEqual({ score: 100, band: 'hot' });

    const stored = await ownHistory(site, visitor);
    const raw = stored.events.filter((e) => e.count === undefined);
    expect(raw.length).toBeLessThanOrEqual(MAX_RAW_EVENTS);
    expect(stored.events.length).toBeLessThan(MAX_RAW_EVENTS);
    expect(stored.contributions).toEqual([{ rule: 'pricing', points: 550, count: 550 }, { rule: 'daily', points: 5 * days, count: days }]);
    // Retries of folded events (the first ones) count once.
    await collect({ site, visitor, events: events.slice(0, 50) });
    expect((await ownHistory(site, visitor)).contributions[0]).toEqual({ rule: 'pricing', points: 550, count: 550 });
  });

  it('the retention alarm folds a lead that sends nothing more', async () => {
    const site = await createSite({ rules, retentionDays: 1 });
    const visitor = newVisitor();
    const ts = Date.now() - DAY + 60_000;
    await collect({ site, visitor, events: [pv('/pricing', ts)] });
    expect((await ownHistory(site, visitor)).events.map((e) => e.count)).toEqual([undefined]);
    // The alarm is due when that event passes retention, a minute from now; running it stands for then.
    expect(await runDurableObjectAlarm(visitorStub(site, visitor))).toBe(true);
    const after = await ownHistory(site, visitor);
    expect(after.events.map((e) => e.count)).toEqual([1]);
    expect(after.score).toBe(6);
  });
});
