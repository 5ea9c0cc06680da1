// A configuration change rescores every lead from its past events (SPEC.md §5, issue 4 point 4): the
// next read of a lead reflects the new rules, and the published scores in KV converge by themselves.
import { env, runDurableObjectAlarm } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { visitorObjectName } from './leadName';
import { siteObject } from '../objects';
import { getSiteConfig } from '../site/siteConfig';
import { siteConfigSchema } from '../site/siteConfigSchema';
import { newEventId, newVisitor, pageview, readScore, send, webinar } from '../../test/helpers';
import { createSite, explainLead, inspect, leadStub, published, settleRescore, visitorStub } from '../../test/sites';

const bands = { warm: 40, hot: 80 };
const v1 = [{ id: 'pricing', when: { type: 'pageview' as const, path: '/pricing*' }, points: 10 }];
const v2 = [
  { id: 'pricing', when: { type: 'pageview' as const, path: '/pricing*' }, points: 15 },
  { id: 'webinar', when: { type: 'event' as const, name: 'webinar_signup' }, points: 40 },
];

describe('rescoring on a configuration change', () => {
  it('rescores every lead, anonymous or identified, and KV converges without a manual step', async () => {
    const site = await createSite({ rules: v1 });
    const visitors = Array.from({ length: 5 }, newVisitor);
    // Five anonymous visitors and one identified lead: pricing + a webinar sign-up (worth nothing in v1).
    for (const v of visitors) expect(await send(site, v, pageview('/pricing'), webinar())).toEqual({ score: 10, band: 'cold' });
    const identified = newVisitor();
    await send(site, identified, pageview('/pricing'), webinar(), { id: newEventId(), type: 'identify', ts: Date.now(), lead: 'rescore@example.com' });
    // A sixth visitor whose score does not change band: it is published when its minute ends.
    const calm = newVisitor();
    await send(site, calm, pageview('/pricing'));

    // The isolate caches the configuration for a few seconds: a beacon right after the change still
    // carries the old one, and its lead is rescored all the same.
    expect((await getSiteConfig(env, site))!.rev).toBe(1);
    const next = await siteObject(env, site).putConfig(siteConfigSchema.parse({ rules: v2, bands }), site);
    expect(next.rev).toBe(2);
    const late = newVisitor();
    expect(await send(site, late, pageview('/pricing'), webinar())).toEqual({ score: 10, band: 'cold' });

    // The next read of any lead (fresh, as the marketer API reads it) reflects the new rules.
    expect((await explainLead(site, 'rescore@example.com'))!.score).toBe(55);
    const fresh = (await getSiteConfig(env, site, true))!;
    for (const v of [...visitors, late]) expect((await inspect(visitorStub(site, v), fresh))!.score).toBe(55);

    // KV converges: the site's alarm rescores every lead, band changes are published at once...
    await settleRescore(site);
    for (const v of [...visitors, late, identified]) expect(await readScore(site, v)).toEqual({ score: 55, band: 'warm' });
    // ...and a same-band change when its minute ends (the lead's own alarm).
    expect(await readScore(site, calm)).toEqual({ score: 10, band: 'cold' });
    expect(await runDurableObjectAlarm(visitorStub(site, calm))).toBe(true);
    expect(await readScore(site, calm)).toEqual({ score: 15, band: 'cold' });
    expect(await published(visitorObjectName(site, calm))).toMatchObject({ score: 15, writes: 2 });
  });

  it('never trades a newer configuration for an older one a beacon carries', async () => {
    const site = await createSite({ rules: v1 });
    const visitor = newVisitor();
    await send(site, visitor, pageview('/pricing'), webinar());
    const old = (await getSiteConfig(env, site, true))!;
    const next = await siteObject(env, site).putConfig(siteConfigSchema.parse({ rules: v2, bands }), site);
    await settleRescore(site);
    const stub = visitorStub(site, visitor);
    expect((await inspect(stub, old))!).toMatchObject({ score: 55, state: { config: { rev: next.rev } } });
    const lead = await leadStub(site, 'nobody@example.com');
    expect(await lead.rescore(next)).toBeNull();
  });
});
