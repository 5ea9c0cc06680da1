import { env, runInDurableObject } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { visitorObjectName } from './leadName';
import type { LeadObject } from './LeadObject';
import { leadObject } from '../objects';
import { collect, newEventId, newVisitor, pageview } from '../../test/helpers';
import { named, newSite } from '../../test/marketer';
import { insightsRows } from '../../test/outcomes';

/** What the lead object has written for insights, and the keys it remembers having sent. */
const reporter = (site: string, visitor: string) =>
  runInDurableObject(leadObject(env, visitorObjectName(site, visitor)), (o: LeadObject, state) => ({
    rows: (o as unknown as { insights: { rowsWritten: number } }).insights.rowsWritten,
    sent: state.storage.sql.exec<{ key: string }>("SELECT key FROM insights_reported WHERE key != '@day' ORDER BY key").toArray().map((r) => r.key),
  }));

describe('InsightsReporter', () => {
  it('tells insights each signal key once, with the first beacon of the day, and writes nothing for a beacon with nothing new', async () => {
    const site = await newSite();
    const v = newVisitor();
    const name = visitorObjectName(site, v);
    await collect({ site, visitor: v, events: [pageview('/pricing'), { id: newEventId(), type: 'visit', ts: Date.now() }] });
    const first = await reporter(site, v);
    expect(first.sent).toEqual(['pageview /pricing', 'visit']);
    expect(first.rows).toBeGreaterThan(0);

    // The same signals again: no write, no new feature.
    await collect({ site, visitor: v, events: [pageview('/pricing'), pageview('/pricing')] });
    expect((await reporter(site, v)).rows).toBe(first.rows);

    // A new one is sent, once.
    await collect({ site, visitor: v, events: [...named('p10'), pageview('/pricing')] });
    const third = await reporter(site, v);
    expect(third.sent).toEqual(['event p10', 'pageview /pricing', 'visit']);
    expect(third.rows).toBeGreaterThan(first.rows);
    const features = (await insightsRows(site, name)).features;
    expect(features.filter((f) => f.startsWith('k:'))).toEqual(['k:event p10', 'k:pageview /pricing', 'k:visit']);
    // Its rules (those of the keys), its indexed score and its membership.
    expect(features).toContain('*');
    expect(features.filter((f) => f.startsWith('r:'))).toHaveLength(0); // no insights read yet: rules are counted from the first
    expect(features.filter((f) => f.startsWith('s:'))).toHaveLength(1);
  });
});
