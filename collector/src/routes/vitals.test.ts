import { describe, expect, it } from 'vitest';
import { vitalsReply } from '../apiSchemas';
import { collect, newEventId, newVisitor } from '../../test/helpers';
import { api, getJson, newSite } from '../../test/marketer';
import { handOverVitals } from '../../test/sites';

const vitals = (path: string, m: { lcp?: number; inp?: number; cls?: number }, id = newEventId()) => ({ id, type: 'vitals', ts: Date.now(), path, ...m });

describe('GET /v1/vitals', () => {
  it('reports p75 (nearest rank) of LCP, INP and CLS per path with sample counts, most sampled path first', async () => {
    const site = await newSite();
    const visitors = Array.from({ length: 12 }, newVisitor);
    // /pricing: LCP 100…1000 (10 samples; p75 = 8th = 800), INP on 4 of them (p75 = 3rd = 300), CLS on all.
    for (let i = 1; i <= 10; i++) {
      const m = { lcp: i * 100, cls: i / 100, ...(i <= 4 ? { inp: i * 100 } : {}) };
      expect((await collect({ site, visitor: visitors[i - 1]!, events: [vitals('/pricing', m)] })).status).toBe(200);
    }
    // /: one page view with LCP only; /blog/a: two with CLS only.
    await collect({ site, visitor: visitors[10]!, events: [vitals('/', { lcp: 2345 })] });
    await collect({ site, visitor: visitors[11]!, events: [vitals('/blog/a', { cls: 0.3 }), vitals('/blog/a', { cls: 0.05 })] });
    await handOverVitals(site, visitors);

    const res = await api(`/v1/vitals?site=${site}`);
    expect(res.status).toBe(200);
    const report = vitalsReply.strict().parse(await res.json());
    expect(report.site).toBe(site);
    expect(Date.now() - Date.parse(report.since)).toBeGreaterThanOrEqual(28 * 86_400_000);
    expect(report.paths).toEqual([
      { path: '/pricing', samples: 10, lcp: { p75: 800, samples: 10 }, inp: { p75: 300, samples: 4 }, cls: { p75: 0.08, samples: 10 } },
      { path: '/blog/a', samples: 2, lcp: null, inp: null, cls: { p75: 0.3, samples: 2 } },
      { path: '/', samples: 1, lcp: { p75: 2345, samples: 1 }, inp: null, cls: null },
    ]);
  });

  it('counts a resent vitals event once, and ignores other events', async () => {
    const site = await newSite();
    const visitor = newVisitor();
    const event = vitals('/x', { lcp: 1500, inp: 90, cls: 0.02 });
    await collect({ site, visitor, events: [event, { id: newEventId(), type: 'pageview', ts: Date.now(), path: '/x' }] });
    await collect({ site, visitor, events: [event] });
    await handOverVitals(site, [visitor]);
    await collect({ site, visitor, events: [event] });
    await handOverVitals(site, [visitor]);
    expect((await getJson(`/v1/vitals?site=${site}`)).paths).toEqual([{ path: '/x', samples: 1, lcp: { p75: 1500, samples: 1 }, inp: { p75: 90, samples: 1 }, cls: { p75: 0.02, samples: 1 } }]);
  });

  it('keeps vitals off the beacon path: they wait in the object of the visitor for its next index write or a minute', async () => {
    const site = await newSite();
    const quiet = newVisitor();
    const scoring = newVisitor();
    // A visitor that does not score: its sample waits for the alarm, a minute on.
    await collect({ site, visitor: quiet, events: [vitals('/q', { lcp: 700 })] });
    expect((await getJson(`/v1/vitals?site=${site}`)).paths).toEqual([]);
    await handOverVitals(site, [quiet]);
    expect((await getJson(`/v1/vitals?site=${site}`)).paths.map((p: { path: string }) => p.path)).toEqual(['/q']);
    // A visitor whose score is published rides its sample on that index write, in the same beacon.
    await collect({ site, visitor: scoring, events: [vitals('/s', { lcp: 800 }), { id: newEventId(), type: 'event', ts: Date.now(), name: 'p10' }] });
    expect((await getJson(`/v1/vitals?site=${site}`)).paths.map((p: { path: string }) => p.path).sort()).toEqual(['/q', '/s']);
  });

  it('answers a site without vitals with no paths, and refuses bad input', async () => {
    const site = await newSite();
    expect(await getJson(`/v1/vitals?site=${site}`)).toMatchObject({ site, paths: [] });
    expect(await getJson('/v1/vitals')).toEqual({ error: { code: 'invalid_request', message: 'site: required' } });
    expect(await getJson('/v1/vitals?site=nope')).toEqual({ error: { code: 'unknown_site', message: "unknown site 'nope'" } });
  });
});
