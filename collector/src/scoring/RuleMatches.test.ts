// Scoring from matches kept up to date as events arrive gives the very score of matching the whole history.
import { describe, expect, it } from 'vitest';
import demoConfig from '../site/demoConfig.json';
import { siteConfigSchema } from '../site/siteConfigSchema';
import { RuleMatches } from './RuleMatches';
import { scoreLead, type ScoredEvent } from './scoreLead';
import { DAY } from '../time';

const NOW = Date.UTC(2026, 3, 15, 12, 0, 0);
const demo = siteConfigSchema.parse(demoConfig);
const withOnce = siteConfigSchema.parse({
  ...demoConfig,
  rules: [...demoConfig.rules, { id: 'daily', when: { type: 'pageview', path: '/pricing*' }, points: 3, once: 'day' }, { id: 'per-visit', when: { type: 'download' }, points: 2, once: 'visit' }],
});

/** A mixed history: pages, visits, downloads, sign-ups and a folded aggregate, over 60 days. */
function history(n: number): ScoredEvent[] {
  const paths = ['/', '/pricing', '/careers', '/blog/a', '/pricing/team'];
  const events: ScoredEvent[] = [{ type: 'pageview', ts: NOW - 90 * DAY, path: '/pricing', count: 4, visits: [NOW - 90 * DAY] }];
  for (let i = 0; i < n; i++) {
    const ts = NOW - ((i * 7919) % (60 * DAY / 1000)) * 1000;
    if (i % 9 === 0) events.push({ type: 'visit', ts });
    else if (i % 7 === 0) events.push({ type: 'download', ts, url: `/files/${i}.pdf` });
    else if (i % 31 === 0) events.push({ type: 'event', ts, name: 'webinar_signup' });
    else events.push({ type: 'pageview', ts, path: paths[i % paths.length]! });
  }
  return events;
}

describe('RuleMatches', () => {
  for (const [name, config] of [['the demo rules', demo], ['rules with once', withOnce]] as const) {
    it(`scores as the whole history does, to the last bit, as events arrive (${name})`, () => {
      const all = history(400);
      const events: ScoredEvent[] = [];
      const matches = new RuleMatches(config, events);
      for (const [i, e] of all.entries()) {
        events.push(e);
        matches.add(e);
        if (i % 25 === 0 || i === all.length - 1) expect(scoreLead(events, config, NOW, matches.byRule)).toEqual(scoreLead(events, config, NOW));
      }
      expect(new RuleMatches(config, events).byRule).toEqual(matches.byRule);
    });
  }
});
