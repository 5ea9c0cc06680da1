// identify (SPEC.md §5): visitors of one lead share one history and one score; a re-identified visitor
// belongs to its new lead from then on; lead ids are normalized and never appear in storage keys.
import { env, runDurableObjectAlarm } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import demoConfig from '../site/demoConfig.json';
import { visitorObjectName } from './leadName';
import { download, identify, newVisitor, pageview, readScore, send, webinar } from '../../test/helpers';
import { createSite, explainLead, inspect, leadStub, published, visitorStub } from '../../test/sites';

// The demo rules without decay, so that scores are exact.
const rules = demoConfig.rules as never;

describe('identify', () => {
  it('merges two devices into one lead: one history, one score, history from before the identify counts', async () => {
    const site = await createSite({ rules });
    const [laptop, phone] = [newVisitor(), newVisitor()];
    expect(await send(site, laptop, pageview('/pricing'), pageview('/pricing/team'))).toEqual({ score: 20, band: 'cold' });
    expect(await send(site, phone, download())).toEqual({ score: 10, band: 'cold' });

    expect(await send(site, laptop, identify('  Ada@Example.COM ', { company: 'Acme' }))).toEqual({ score: 20, band: 'cold' });
    expect(await send(site, phone, identify('ada@example.com'))).toEqual({ score: 30, band: 'cold' });
    // Published at 20 a moment ago in the same band, so 30 waits for the minute's end (the lead's alarm).
    expect(await readScore(site, laptop)).toEqual({ score: 20, band: 'cold' });
    expect(await runDurableObjectAlarm(await leadStub(site, 'ada@example.com'))).toBe(true);
    expect(await readScore(site, laptop)).toEqual({ score: 30, band: 'cold' });
    expect(await readScore(site, phone)).toEqual({ score: 30, band: 'cold' });

    const lead = (await explainLead(site, 'ada@example.com'))!;
    expect(lead.visitors.sort()).toEqual([laptop, phone].sort());
    expect(lead.state.traits).toEqual({ company: 'Acme' });
    expect(lead.events.filter((e) => e.type !== 'identify').map((e) => e.path ?? e.url).sort()).toEqual(['/files/guide.pdf', '/pricing', '/pricing/team']);
    expect(lead.contributions.filter((c) => c.points)).toEqual([{ rule: 'pricing', points: 20, count: 2 }, { rule: 'downloads', points: 10, count: 1 }]);

    // The visitors' own objects keep no history and no published score of their own.
    const config = { config: lead.state.config!.config, version: lead.state.config!.version, rev: lead.state.config!.rev };
    for (const v of [laptop, phone]) {
      expect((await inspect(visitorStub(site, v), config))!.events).toEqual([]);
      expect(await published(visitorObjectName(site, v))).toBeNull();
    }

    // A signal from either device moves the shared score; the band change is published at once.
    expect(await send(site, phone, pageview('/pricing'))).toEqual({ score: 40, band: 'warm' });
    expect(await readScore(site, laptop)).toEqual({ score: 40, band: 'warm' });
  });

  it('moves a visitor re-identified as another lead to it from then on; what it did before stays with the first', async () => {
    const site = await createSite({ rules });
    const visitor = newVisitor();
    const earlier = download('/files/a.pdf');
    await send(site, visitor, pageview('/pricing'), identify('first@example.com'));
    expect(await send(site, visitor, earlier)).toEqual({ score: 20, band: 'cold' });

    expect(await send(site, visitor, identify('second@example.com'))).toEqual({ score: 0, band: 'cold' });
    expect(await send(site, visitor, webinar())).toEqual({ score: 40, band: 'warm' });
    expect(await readScore(site, visitor)).toEqual({ score: 40, band: 'warm' });

    // A retry of an event sent before the re-identify still counts once, with the first lead.
    expect(await send(site, visitor, earlier)).toEqual({ score: 40, band: 'warm' });
    const first = (await explainLead(site, 'first@example.com'))!;
    const second = (await explainLead(site, 'second@example.com'))!;
    expect(first.score).toBe(20);
    expect(first.events.map((e) => e.type)).toEqual(['pageview', 'identify', 'download']);
    expect(second.score).toBe(40);
    expect(second.events.map((e) => e.type)).toEqual(['identify', 'event']);
    expect(second.visitors).toEqual([visitor]);
  });

  it('splits one beacon at the identify: what came before is the visitor’s history, moved to the lead', async () => {
    const site = await createSite({ rules });
    const visitor = newVisitor();
    expect(await send(site, visitor, pageview('/pricing'), identify('mixed@example.com'), pageview('/pricing'))).toEqual({ score: 20, band: 'cold' });
    const lead = (await explainLead(site, 'mixed@example.com'))!;
    expect(lead.events.map((e) => e.type)).toEqual(['pageview', 'identify', 'pageview']);
  });

  it('normalizes lead ids: trimmed, e-mails lower-cased, other ids (CRM ids) kept as they are', async () => {
    const site = await createSite({ rules });
    const [a, b, c] = [newVisitor(), newVisitor(), newVisitor()];
    await send(site, a, webinar(), identify(' CRM-42 '));
    await send(site, b, pageview('/pricing'), identify('CRM-42'));
    await send(site, c, download(), identify('crm-42'));
    expect((await explainLead(site, 'CRM-42'))!.score).toBe(50);
    expect((await explainLead(site, 'crm-42'))!.score).toBe(10);
  });

  it('keeps a lead’s traits (updated in place) to 100 names, however many a client sends', async () => {
    const site = await createSite({ rules });
    const visitor = newVisitor();
    for (let b = 0; b < 6; b++) {
      const traits = Object.fromEntries(Array.from({ length: 24 }, (_, i) => [`t${b}_${i}`, String(b)]));
      await send(site, visitor, identify('traits@example.com', { ...traits, plan: `p${b}` }));
    }
    const { traits } = (await explainLead(site, 'traits@example.com'))!.state;
    expect(Object.keys(traits)).toHaveLength(100);
    expect(traits.plan).toBe('p5');
    expect(traits.t0_0).toBe('0');
  });

  it('keeps lead ids out of storage keys: KV keys and object names use a keyed hash', async () => {
    const site = await createSite({ rules });
    const visitor = newVisitor();
    await send(site, visitor, webinar(), identify('Grace.Hopper@Example.com'));
    const keys = (await env.SCORES.list({ prefix: `s:${site}/` })).keys.map((k) => k.name);
    const pointers = (await env.SCORES.list({ prefix: `p:${site}/` })).keys.map((k) => k.name);
    expect(keys).toHaveLength(1);
    expect(keys[0]).toMatch(new RegExp(`^s:${site}/l/[A-Za-z0-9_-]{32}$`));
    expect(pointers).toEqual([`p:${site}/${visitor}`]);
    expect(await env.SCORES.get(pointers[0]!)).toBe(keys[0]!.slice(2));
    for (const k of [...keys, ...pointers]) expect(k.toLowerCase()).not.toContain('grace');
  });
});
