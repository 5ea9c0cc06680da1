// How fresh the list is (issue 15): the list and the CSV say when each lead's score was published, and the
// detail — always fresh — says what the list shows and when it will show the fresh score.
import { runDurableObjectAlarm } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { newVisitor, send } from '../../test/helpers';
import { api, getJson, named, newSite } from '../../test/marketer';
import { visitorStub } from '../../test/sites';

const MINUTE = 60_000;

const rowOf = async (site: string, id: string) => ((await getJson(`/v1/leads?site=${site}`)).leads as { id: string; score: number; publishedAt: string | null }[]).find((l) => l.id === id)!;
const csvRowOf = async (site: string, id: string) => (await (await api(`/v1/leads.csv?site=${site}`)).text()).split('\r\n').find((l) => l.startsWith(`${id},`))!;

describe('publishedAt and publishDue', () => {
  it('list, CSV and detail agree on what is published; a held-back score says when the list catches up, and it does then', async () => {
    const site = await newSite();
    const visitor = newVisitor();
    const before = Date.now();
    expect(await send(site, visitor, named('p50'))).toEqual({ score: 50, band: 'warm' });
    const first = await rowOf(site, visitor);
    expect(first.score).toBe(50);
    const publishedAt = Date.parse(first.publishedAt!);
    expect(publishedAt).toBeGreaterThanOrEqual(before);
    expect(publishedAt).toBeLessThanOrEqual(Date.now());
    expect((await csvRowOf(site, visitor)).endsWith(`,${first.publishedAt}`)).toBe(true);
    expect(await getJson(`/v1/leads/${visitor}?site=${site}`)).toMatchObject({ score: 50, published: { score: 50, band: 'warm', at: first.publishedAt }, publishDue: null });

    // Within the minute and the band: the reply and the detail are fresh, the list is held back until the minute ends.
    expect(await send(site, visitor, named('p10'))).toEqual({ score: 60, band: 'warm' });
    expect((await rowOf(site, visitor)).score).toBe(50);
    const detail = await getJson(`/v1/leads/${visitor}?site=${site}`);
    expect(detail).toMatchObject({ score: 60, published: { score: 50, band: 'warm', at: first.publishedAt }, publishDue: new Date(publishedAt + MINUTE).toISOString() });

    // The minute ends (the alarm): the list shows 60, published now, and nothing is due.
    expect(await runDurableObjectAlarm(visitorStub(site, visitor))).toBe(true);
    const caught = await rowOf(site, visitor);
    expect(caught.score).toBe(60);
    expect(Date.parse(caught.publishedAt!)).toBeGreaterThan(publishedAt);
    expect(await getJson(`/v1/leads/${visitor}?site=${site}`)).toMatchObject({ score: 60, published: { score: 60, at: caught.publishedAt }, publishDue: null });
  });

  it('a band change publishes at once: no wait', async () => {
    const site = await newSite();
    const visitor = newVisitor();
    await send(site, visitor, named('p50'));
    expect(await send(site, visitor, named('p50'))).toEqual({ score: 100, band: 'hot' });
    expect((await rowOf(site, visitor)).score).toBe(100);
    expect(await getJson(`/v1/leads/${visitor}?site=${site}`)).toMatchObject({ score: 100, published: { score: 100, band: 'hot' }, publishDue: null });
  });
});
