import { env, runDurableObjectAlarm } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { visitorObjectName } from './leadName';
import type { ScoringState } from './objectState';
import { indexObject } from '../objects';
import { indexShardName } from '../site/indexShards';
import { collect, newEventId, newVisitor, pageview } from '../../test/helpers';
import { named, newSite } from '../../test/marketer';
import { insightsRows } from '../../test/outcomes';
import { inspect, visitorStub } from '../../test/sites';

/** The keys the lead object remembers telling insights of, and what still waits for its next index write. */
const reporter = async (site: string, visitor: string) => {
  const s = (await inspect(visitorStub(site, visitor)))!.state as ScoringState;
  return { reported: [...(s.reported?.keys ?? [])].sort(), notes: s.notes };
};

describe('InsightsReporter', () => {
  it('tells insights each signal key once, riding with the index write, and notes nothing for a beacon with nothing new', async () => {
    const site = await newSite();
    const v = newVisitor();
    const name = visitorObjectName(site, v);
    // The first beacon scores: its notes go with the index write at once (nothing left waiting).
    await collect({ site, visitor: v, events: [pageview('/pricing'), { id: newEventId(), type: 'visit', ts: Date.now() }] });
    const first = await reporter(site, v);
    expect(first.reported).toEqual(['pageview /pricing', 'visit']);
    expect(first.notes).toBeUndefined();

    // The same signals again: nothing new to tell.
    await collect({ site, visitor: v, events: [pageview('/pricing'), pageview('/pricing')] });
    expect(await reporter(site, v)).toEqual(first);

    // A new one is noted once.
    await collect({ site, visitor: v, events: [...named('p10'), pageview('/pricing')] });
    const third = await reporter(site, v);
    expect(third.reported).toEqual(['event p10', 'pageview /pricing', 'visit']);

    // The index object hands the notes to insights in one batch when its minute is up.
    await runDurableObjectAlarm(visitorStub(site, v));
    await runDurableObjectAlarm(indexObject(env, indexShardName(site, name)));
    const features = (await insightsRows(site, name)).features;
    expect(features.filter((f) => f.startsWith('k:'))).toEqual(['k:event p10', 'k:pageview /pricing', 'k:visit']);
    // Its rules (those of the keys), its indexed score and its membership.
    expect(features).toContain('*');
    expect(features.filter((f) => f.startsWith('r:'))).toHaveLength(0); // no insights read yet: rules are counted from the first
    expect(features.filter((f) => f.startsWith('s:'))).toHaveLength(1);
  });
});
