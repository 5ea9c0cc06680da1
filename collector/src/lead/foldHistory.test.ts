// Bounded history (SPEC.md §5, issue 4 point 7): folding raw events into per-(type, key, UTC day)
// aggregates keeps what the rules see — exactly without decay, within a day's decay with it.
import { describe, expect, it } from 'vitest';
import { scoreLead, type ScoredEvent } from '../scoring/scoreLead';
import { DAY } from '../time';
import { siteConfigSchema, type SiteConfig } from '../site/siteConfigSchema';
import { aggregateEvent, foldHistory, type Aggregate } from './foldHistory';

const NOW = Date.UTC(2026, 3, 15, 12);
const H = 3_600_000;
const rules = [
  { id: 'pricing', when: { type: 'pageview', path: '/pricing*' }, points: 10, max: 30 },
  { id: 'pricing-daily', when: { type: 'pageview', path: '/pricing*' }, points: 3, once: 'day' },
  { id: 'pricing-visit', when: { type: 'pageview', path: '/pricing*' }, points: 2, once: 'visit' },
  { id: 'blog', when: { type: 'pageview', path: '/blog/*' }, points: 1 },
  { id: 'careers', when: { type: 'pageview', path: '/careers*' }, points: -4, max: 12 },
  { id: 'pdf', when: { type: 'download', path: '/files/*' }, points: 2 },
  { id: 'visits', when: { type: 'visit' }, points: 1 },
  { id: 'visit-once', when: { type: 'visit' }, points: 1, once: 'visit' },
  { id: 'webinar', when: { type: 'event', name: 'webinar_signup' }, points: 7 },
];
const config = (extra: object = {}): SiteConfig => siteConfigSchema.parse({ rules, bands: { warm: 40, hot: 80 }, ...extra });

/** A realistic history: visits with pages, downloads and events, spread over `days` days before NOW. */
function history(days: number): (ScoredEvent & { id: string })[] {
  const out: (ScoredEvent & { id: string })[] = [];
  let n = 0;
  const add = (e: ScoredEvent) => out.push({ ...e, id: `e${n++}` });
  const paths = ['/pricing', '/pricing/team', '/blog/a', '/blog/b', '/careers', '/', '/product'];
  for (let d = days; d >= 1; d--) {
    for (let v = 0; v < (d % 3) + 1; v++) {
      const start = NOW - d * DAY + v * 4 * H + (d % 5) * 600_000;
      add({ type: 'visit', ts: start });
      for (let p = 0; p < 3; p++) add({ type: 'pageview', ts: start + p * 60_000, path: paths[(d + v + p) % paths.length]! });
      if ((d + v) % 4 === 0) add({ type: 'download', ts: start + 200_000, url: `https://x.example/files/${d}.pdf` });
      if (d % 9 === 0 && v === 0) add({ type: 'event', ts: start + 300_000, name: 'webinar_signup' });
      if (d % 2 === 0) add({ type: 'engaged', ts: start + 400_000, path: '/pricing', ms: 5_000 } as ScoredEvent);
    }
  }
  return out;
}

/** Applies a fold plan to an in-memory history, as EventLog does in SQL. */
function apply(raw: (ScoredEvent & { id: string })[], aggregates: Aggregate[], plan: ReturnType<typeof foldHistory>) {
  const gone = new Set(plan.folded.map((f) => f.id));
  const key = (a: Aggregate) => `${a.type}\n${a.key}\n${a.day}`;
  const rows = new Map(aggregates.map((a) => [key(a), a]));
  for (const a of plan.upsert) rows.set(key(a), a);
  for (const a of plan.drop) rows.delete(key(a));
  return { raw: raw.filter((e) => !gone.has(e.id)), aggregates: [...rows.values()] };
}
const view = (h: { raw: ScoredEvent[]; aggregates: Aggregate[] }) => [...h.aggregates.map(aggregateEvent), ...h.raw];

describe('foldHistory', () => {
  it('folds events older than the cutoff and keeps the rest raw', () => {
    const raw = history(40);
    const plan = foldHistory(raw, [], { before: NOW - 20 * DAY, keep: 10_000, maxAggregates: 10_000 });
    const after = apply(raw, [], plan);
    expect(after.raw.every((e) => e.ts >= NOW - 20 * DAY)).toBe(true);
    expect(plan.folded).toHaveLength(raw.filter((e) => e.ts < NOW - 20 * DAY).length);
    expect(after.aggregates.reduce((n, a) => n + a.count, 0)).toBe(plan.folded.length);
    // One aggregate per (type, key, UTC day).
    expect(new Set(after.aggregates.map((a) => `${a.type} ${a.key} ${a.day}`)).size).toBe(after.aggregates.length);
    expect(after.aggregates.every((a) => Math.floor(a.ts / DAY) === a.day)).toBe(true);
  });

  it('folds the oldest beyond the count limit', () => {
    const raw = history(40);
    const after = apply(raw, [], foldHistory(raw, [], { before: 0, keep: 100, maxAggregates: 10_000 }));
    expect(after.raw).toHaveLength(100);
    const newestFolded = Math.max(...raw.filter((e) => !after.raw.includes(e)).map((e) => e.ts));
    expect(after.raw.every((e) => e.ts >= newestFolded)).toBe(true);
  });

  it('leaves every rule’s score unchanged without decay: counts, caps, negative rules, once per day and per visit', () => {
    const c = config();
    const raw = history(60);
    const before = scoreLead(raw, c, NOW);
    // Fold in two steps, so that aggregates are folded into again.
    const step1 = apply(raw, [], foldHistory(raw, [], { before: NOW - 40 * DAY, keep: 10_000, maxAggregates: 10_000 }));
    const step2 = apply(step1.raw, step1.aggregates, foldHistory(step1.raw, step1.aggregates, { before: NOW - 10 * DAY, keep: 50, maxAggregates: 10_000 }));
    expect(step2.raw.length).toBeLessThanOrEqual(50);
    expect(step2.aggregates.length).toBeGreaterThan(0);
    const after = scoreLead(view(step2), c, NOW);
    expect(after.contributions).toEqual(before.contributions);
    expect(after.score).toBe(before.score);
  });

  it('changes a decayed score by no more than a day of decay', () => {
    const c = config({ halfLifeDays: 30 });
    const raw = history(60);
    const before = scoreLead(raw, c, NOW);
    const after = scoreLead(view(apply(raw, [], foldHistory(raw, [], { before: NOW - 5 * DAY, keep: 10_000, maxAggregates: 10_000 }))), c, NOW);
    const dayOfDecay = 1 - 0.5 ** (1 / 30);
    for (const [i, b] of before.contributions.entries()) {
      expect(Math.abs(after.contributions[i]!.points - b.points)).toBeLessThanOrEqual(Math.abs(b.points) * dayOfDecay + 1e-9);
    }
  });

  it('drops the oldest aggregates beyond the aggregate limit', () => {
    const raw = history(30);
    const plan = foldHistory(raw, [], { before: NOW, keep: 0, maxAggregates: 20 });
    const after = apply(raw, [], plan);
    expect(after.raw).toEqual([]);
    expect(after.aggregates).toHaveLength(20);
    const oldestKept = Math.min(...after.aggregates.map((a) => a.ts));
    expect(plan.upsert.every((a) => a.ts >= oldestKept)).toBe(true);
    // Dropping from stored aggregates names them in `drop`.
    const again = foldHistory([], after.aggregates, { before: NOW, keep: 0, maxAggregates: 5 });
    expect(again.drop).toHaveLength(15);
  });

  it('does nothing when nothing is due', () => {
    const raw = history(3);
    expect(foldHistory(raw, [], { before: NOW - 10 * DAY, keep: 1_000, maxAggregates: 10 })).toEqual({ folded: [], upsert: [], drop: [] });
  });
});
