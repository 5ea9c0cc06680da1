// The pure scoring function, exhaustively (in workerd: URLPattern exists only there).
import { describe, expect, it } from 'vitest';
import demoConfig from '../site/demoConfig.json';
import { siteConfigSchema, type SiteConfig } from '../site/siteConfigSchema';
import { decayCanChangeBand } from './decayCanChangeBand';
import { bandFor, scoreLead, type ScoredEvent } from './scoreLead';
import { DAY } from '../time';

const NOW = Date.UTC(2026, 3, 15, 12, 0, 0);
const H = 3_600_000;
const demo = siteConfigSchema.parse(demoConfig);

/** A configuration of the given rules, no decay, the demo bands. */
function config(rules: unknown[], extra: Record<string, unknown> = {}): SiteConfig {
  return siteConfigSchema.parse({ rules, bands: { warm: 40, hot: 80 }, ...extra });
}
const pv = (path: string, ts = NOW): ScoredEvent => ({ type: 'pageview', ts, path });
const visit = (ts: number): ScoredEvent => ({ type: 'visit', ts });
const points = (events: ScoredEvent[], c: SiteConfig, rule?: string) => {
  const r = scoreLead(events, c, NOW);
  return rule === undefined ? r.raw : r.contributions.find((x) => x.rule === rule)!.points;
};

describe('scoreLead', () => {
  it('scores an empty history 0, cold, with every rule contributing nothing', () => {
    const r = scoreLead([], demo, NOW);
    expect(r).toEqual({ score: 0, band: 'cold', raw: 0, contributions: demo.rules.map((rule) => ({ rule: rule.id, points: 0, count: 0 })) });
  });

  describe('URLPattern path rules', () => {
    const prefix = config([{ id: 'p', when: { type: 'pageview', path: '/pricing*' }, points: 1 }]);
    const exact = config([{ id: 'p', when: { type: 'pageview', path: '/pricing{/*}?' }, points: 1 }]);
    const cases: [string, SiteConfig, string, boolean][] = [
      ['/pricing* matches /pricing', prefix, '/pricing', true],
      ['/pricing* matches /pricing/team', prefix, '/pricing/team', true],
      ['/pricing* also matches /pricingx (SPEC.md §5)', prefix, '/pricingx', true],
      ['/pricing* does not match /about', prefix, '/about', false],
      ['/pricing* is case-sensitive', prefix, '/Pricing', false],
      ['/pricing{/*}? matches /pricing', exact, '/pricing', true],
      ['/pricing{/*}? matches /pricing/enterprise', exact, '/pricing/enterprise', true],
      ['/pricing{/*}? does not match /pricingx', exact, '/pricingx', false],
    ];
    for (const [what, c, path, hit] of cases) {
      it(what, () => expect(scoreLead([pv(path)], c, NOW).score).toBe(hit ? 1 : 0));
    }

    it('matches named groups and wildcards: /blog/:post', () => {
      const c = config([{ id: 'blog', when: { type: 'pageview', path: '/blog/:post' }, points: 2 }]);
      expect(scoreLead([pv('/blog/edge-scoring'), pv('/blog/'), pv('/blog/a/b'), pv('/blog')], c, NOW).contributions[0]).toEqual({ rule: 'blog', points: 2, count: 1 });
    });

    it('matches only the event type of the rule (an engaged time on /pricing is no pageview)', () => {
      const c = config([{ id: 'p', when: { type: 'pageview', path: '/pricing*' }, points: 5 }, { id: 'e', when: { type: 'engaged', path: '/pricing*' }, points: 1 }]);
      const r = scoreLead([{ type: 'engaged', ts: NOW, path: '/pricing' }], c, NOW);
      expect(r.contributions).toEqual([{ rule: 'p', points: 0, count: 0 }, { rule: 'e', points: 1, count: 1 }]);
    });
  });

  describe('event-name rules', () => {
    const c = config([{ id: 'webinar', when: { type: 'event', name: 'webinar_signup' }, points: 40 }, { id: 'any', when: { type: 'event' }, points: 1 }]);
    it('counts events of that name only; a rule without name counts every event', () => {
      const r = scoreLead([{ type: 'event', ts: NOW, name: 'webinar_signup' }, { type: 'event', ts: NOW, name: 'webinar_signup_x' }, { type: 'event', ts: NOW, name: 'demo' }], c, NOW);
      expect(r.contributions).toEqual([{ rule: 'webinar', points: 40, count: 1 }, { rule: 'any', points: 3, count: 3 }]);
      expect(r.score).toBe(43);
    });
  });

  describe('downloads', () => {
    const c = config([{ id: 'pdf', when: { type: 'download', path: '/files/*' }, points: 10 }, { id: 'all', when: { type: 'download' }, points: 1 }]);
    it('matches the pathname of the url, without query or hash, absolute or relative', () => {
      const events: ScoredEvent[] = [
        { type: 'download', ts: NOW, url: 'https://example.com/files/guide.pdf?utm=x#p2' },
        { type: 'download', ts: NOW, url: '/files/prices.xlsx' },
        { type: 'download', ts: NOW, url: 'https://example.com/other/files/a.zip' },
      ];
      expect(scoreLead(events, c, NOW).contributions).toEqual([{ rule: 'pdf', points: 20, count: 2 }, { rule: 'all', points: 3, count: 3 }]);
    });
    it('a url that does not parse matches no path rule but still the type rule', () => {
      const r = scoreLead([{ type: 'download', ts: NOW, url: 'http://[' }], c, NOW);
      expect(r.contributions).toEqual([{ rule: 'pdf', points: 0, count: 0 }, { rule: 'all', points: 1, count: 1 }]);
    });
  });

  it('counts visits with their cap (demo: 5 each, at most 25)', () => {
    const visits = Array.from({ length: 7 }, (_, i) => visit(NOW - i * H));
    expect(scoreLead(visits.slice(0, 3), demo, NOW).score).toBe(15);
    expect(scoreLead(visits, demo, NOW).contributions.find((c) => c.rule === 'visits')).toEqual({ rule: 'visits', points: 25, count: 7 });
  });

  describe('negative rules and caps', () => {
    it('subtracts a negative rule (demo careers: -15 each, uncapped)', () => {
      const events = [pv('/pricing'), pv('/pricing'), pv('/pricing'), pv('/careers'), pv('/careers')];
      expect(scoreLead(events, demo, NOW)).toMatchObject({ score: 0, raw: 0 });
      expect(scoreLead([...events, { type: 'event', ts: NOW, name: 'webinar_signup' }], demo, NOW)).toMatchObject({ score: 40, band: 'warm' });
    });
    it('bounds a positive rule by max (demo pricing: 10 each, at most 30)', () => {
      expect(points([pv('/pricing'), pv('/pricing')], demo, 'pricing')).toBe(20);
      expect(points(Array.from({ length: 9 }, () => pv('/pricing')), demo, 'pricing')).toBe(30);
    });
    it('bounds a negative rule by -max', () => {
      const c = config([{ id: 'careers', when: { type: 'pageview', path: '/careers*' }, points: -15, max: 20 }]);
      expect(points([pv('/careers')], c, 'careers')).toBe(-15);
      expect(points([pv('/careers'), pv('/careers'), pv('/careers')], c, 'careers')).toBe(-20);
    });
    it('caps each rule on its own before the rules are added', () => {
      const c = config([
        { id: 'a', when: { type: 'pageview', path: '/a' }, points: 30, max: 50 },
        { id: 'b', when: { type: 'pageview', path: '/b' }, points: -10, max: 10 },
      ]);
      expect(scoreLead([pv('/a'), pv('/a'), pv('/b'), pv('/b')], c, NOW)).toMatchObject({ raw: 40, score: 40, band: 'warm' });
    });
  });

  describe('once', () => {
    const perDay = config([{ id: 'p', when: { type: 'pageview', path: '/pricing*' }, points: 10, once: 'day' }]);
    const perVisit = config([{ id: 'p', when: { type: 'pageview', path: '/pricing*' }, points: 10, once: 'visit' }]);
    const midnight = Date.UTC(2026, 3, 15);

    it('"day" counts a rule at most once per UTC day', () => {
      expect(points([pv('/pricing', midnight + H), pv('/pricing', midnight + 5 * H), pv('/pricing/x', midnight + 11 * H)], perDay)).toBe(10);
      expect(points([pv('/pricing', midnight - 1), pv('/pricing', midnight)], perDay)).toBe(20);
      expect(scoreLead([pv('/pricing', midnight - DAY), pv('/pricing', midnight - 1), pv('/pricing', midnight + 1)], perDay, NOW).contributions[0]!.count).toBe(2);
    });

    it('"visit" counts a rule at most once per visit, the span between two visit events', () => {
      const t = NOW - 10 * H;
      const events = [visit(t), pv('/pricing', t), pv('/pricing', t + 60_000), visit(t + 2 * H), pv('/pricing', t + 2 * H + 1), visit(t + 4 * H), pv('/about', t + 4 * H + 1)];
      expect(scoreLead(events, perVisit, NOW).contributions[0]).toEqual({ rule: 'p', points: 20, count: 2 });
    });

    it('"visit" counts the events before the first visit as one span, in any order of arrival', () => {
      const t = NOW - 10 * H;
      const events = [pv('/pricing', t + 3 * H), pv('/pricing', t - 2), visit(t + 3 * H), pv('/pricing', t - 1), visit(t), pv('/pricing', t + 1)];
      expect(scoreLead(events, perVisit, NOW).contributions[0]!.count).toBe(3);
    });

    it('counts the most recent event of each day or visit, which decayed least', () => {
      const c = config([{ id: 'p', when: { type: 'pageview', path: '/pricing*' }, points: 10, once: 'day' }], { halfLifeDays: 1 });
      const dayStart = Date.UTC(2026, 3, 14);
      const r = scoreLead([pv('/pricing', dayStart), pv('/pricing', dayStart + 12 * H)], c, dayStart + 36 * H);
      expect(r.raw).toBeCloseTo(5, 10);
    });

    it('folded aggregates count once per day or per visit they span', () => {
      const day = Math.floor(NOW / DAY) - 3;
      const agg: ScoredEvent = { type: 'pageview', ts: day * DAY + 5 * H, path: '/pricing', count: 7, visits: [day * DAY + H, day * DAY + 4 * H] };
      expect(points([agg], perDay)).toBe(10);
      expect(points([agg], perVisit)).toBe(20);
      // A raw event in a visit the aggregate already spans adds nothing.
      expect(points([agg, visit(day * DAY + 4 * H), pv('/pricing', day * DAY + 6 * H)], perVisit)).toBe(20);
    });
  });

  describe('half-life decay', () => {
    const c = config([{ id: 'p', when: { type: 'pageview', path: '/p' }, points: 10 }], { halfLifeDays: 30 });
    it('halves a signal every half-life', () => {
      expect(points([pv('/p', NOW)], c)).toBe(10);
      expect(points([pv('/p', NOW - 30 * DAY)], c)).toBeCloseTo(5, 10);
      expect(points([pv('/p', NOW - 60 * DAY)], c)).toBeCloseTo(2.5, 10);
      expect(points([pv('/p', NOW - 15 * DAY)], c)).toBeCloseTo(10 / Math.SQRT2, 10);
    });
    it('does not decay without a half-life, or with 0', () => {
      const old = [pv('/p', NOW - 365 * DAY)];
      expect(points(old, config(c.rules))).toBe(10);
      expect(points(old, config(c.rules, { halfLifeDays: 0 }))).toBe(10);
    });
    it('never grows a signal from the future', () => {
      expect(points([pv('/p', NOW + DAY)], c)).toBe(10);
    });
    it('caps the decayed sum: four old pricing views are under the cap', () => {
      const old = Array.from({ length: 4 }, () => pv('/pricing', NOW - 30 * DAY));
      expect(scoreLead(old, demo, NOW).contributions.find((x) => x.rule === 'pricing')!.points).toBeCloseTo(20, 10);
    });
    it('decays negative rules too', () => {
      expect(scoreLead([pv('/careers', NOW - 30 * DAY)], demo, NOW).contributions.find((x) => x.rule === 'careers')!.points).toBeCloseTo(-7.5, 10);
    });
    it('counts a folded aggregate as its count of events at its time', () => {
      expect(points([{ type: 'pageview', ts: NOW - 30 * DAY, path: '/p', count: 3 }], c)).toBeCloseTo(15, 10);
    });
  });

  describe('score and band', () => {
    const c = config([{ id: 'x', when: { type: 'event', name: 'x' }, points: 1 }], { bands: { warm: 40, hot: 80 } });
    const n = (k: number) => Array.from({ length: k }, (): ScoredEvent => ({ type: 'event', ts: NOW, name: 'x' }));
    it('clamps the score to 0–100', () => {
      expect(scoreLead(n(150), c, NOW)).toMatchObject({ score: 100, raw: 150, band: 'hot' });
      expect(scoreLead([pv('/careers'), pv('/careers')], demo, NOW)).toMatchObject({ score: 0, raw: -30, band: 'cold' });
    });
    it('rounds the raw sum', () => {
      const half = config([{ id: 'x', when: { type: 'event', name: 'x' }, points: 2.5 }]);
      expect(scoreLead(n(1).map((e) => e), half, NOW).score).toBe(3);
      expect(scoreLead(n(1), config([{ id: 'x', when: { type: 'event', name: 'x' }, points: 2.4 }]), NOW).score).toBe(2);
    });
    it('puts a score at a threshold in the higher band', () => {
      expect([39, 40, 79, 80].map((k) => scoreLead(n(k), c, NOW).band)).toEqual(['cold', 'warm', 'warm', 'hot']);
      expect(bandFor(0, { warm: 0, hot: 0 })).toBe('hot');
      expect(bandFor(50, { warm: 50, hot: 100 })).toBe('warm');
    });
    it('explains the score: contributions add up to the raw sum', () => {
      const events = [pv('/pricing'), pv('/pricing/team', NOW - 3 * DAY), visit(NOW - H), { type: 'download', ts: NOW, url: '/files/a.pdf' } as ScoredEvent, pv('/careers', NOW - 40 * DAY)];
      const r = scoreLead(events, demo, NOW);
      expect(r.contributions.reduce((s, x) => s + x.points, 0)).toBeCloseTo(r.raw, 10);
      expect(r.score).toBe(Math.round(r.raw));
    });
  });

  it('is a pure function of (events, configuration, now): same input, same output; time comes in `now`', () => {
    const c = config([{ id: 'p', when: { type: 'pageview', path: '/p' }, points: 10 }], { halfLifeDays: 1 });
    const events = [pv('/p', NOW - DAY)];
    const copy = structuredClone(events);
    expect(scoreLead(events, c, NOW)).toEqual(scoreLead(events, c, NOW));
    expect(scoreLead(events, c, NOW + DAY).raw).toBeCloseTo(2.5, 10);
    expect(events).toEqual(copy);
  });
});

describe('decayCanChangeBand', () => {
  const c = config([{ id: 'p', when: { type: 'pageview', path: '/p' }, points: 50 }, { id: 'n', when: { type: 'pageview', path: '/n' }, points: -20 }], { halfLifeDays: 30 });
  // Bands that keep a lead with 50 points cold.
  const high = { ...c, bands: { warm: 90, hot: 95 } };
  it('is false without decay, and for a cold lead with only positive signals (it can only fall)', () => {
    expect(decayCanChangeBand(scoreLead([pv('/p')], config(c.rules), NOW), config(c.rules))).toBe(false);
    const cold = scoreLead([pv('/p')], high, NOW);
    expect(cold).toMatchObject({ score: 50, band: 'cold' });
    expect(cold.contributions.map((x) => x.points)).toEqual([50, 0]);
    expect(decayCanChangeBand(cold, high)).toBe(false);
    expect(decayCanChangeBand(scoreLead([], c, NOW), c)).toBe(false);
  });
  it('is true for a warm lead (it can cool) and for a cold lead held down by a negative signal (it can rise)', () => {
    expect(decayCanChangeBand(scoreLead([pv('/p')], c, NOW), c)).toBe(true);
    expect(decayCanChangeBand(scoreLead([pv('/p'), pv('/n')], { ...c, bands: { warm: 40, hot: 80 } }, NOW), c)).toBe(true);
    expect(decayCanChangeBand(scoreLead([pv('/p'), pv('/n'), pv('/n')], high, NOW), high)).toBe(true);
  });
});
