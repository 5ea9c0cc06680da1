import { describe, expect, it } from 'vitest';
import { compileRules, matchesRule } from '../scoring/compileRules';
import { siteConfigSchema } from '../site/siteConfigSchema';
import { literalPattern } from './insightsReport';
import { keyEvent, signalKey, signalKeys } from './signalKey';

describe('signal keys', () => {
  it('keys what a lead did, not when', () => {
    expect(signalKey({ type: 'pageview', ts: 1, path: '/pricing' })).toBe('pageview /pricing');
    expect(signalKey({ type: 'download', ts: 1, url: 'https://x.example/files/Guide.PDF?utm=1#p2' })).toBe('download /files/Guide.PDF');
    expect(signalKey({ type: 'event', ts: 1, name: 'webinar_signup' })).toBe('event webinar_signup');
    expect(signalKey({ type: 'visit', ts: 1 })).toBe('visit');
    expect(signalKey({ type: 'identify', ts: 1 })).toBe('identify');
    expect(signalKey({ type: 'engaged', ts: 1, path: '/pricing' })).toBeNull();
    expect(signalKey({ type: 'pageview', ts: 1, path: `/${'a'.repeat(400)}` })!.length).toBe(256);
    expect(signalKeys([{ type: 'visit', ts: 1 }, { type: 'visit', ts: 2 }, { type: 'event', ts: 3, name: 'x' }])).toEqual(['visit', 'event x']);
  });

  it('matches a rule against a key as it would match the event', () => {
    const config = siteConfigSchema.parse({
      bands: { warm: 40, hot: 80 },
      rules: [
        { id: 'pricing', when: { type: 'pageview', path: '/pricing{/*}?' }, points: 1 },
        { id: 'pdf', when: { type: 'download', path: '/files/*.pdf' }, points: 1 },
        { id: 'webinar', when: { type: 'event', name: 'webinar_signup' }, points: 1 },
      ],
    });
    const [pricing, pdf, webinar] = compileRules(config);
    for (const [key, rule, hit] of [
      ['pageview /pricing', pricing, true],
      ['pageview /pricing/team', pricing, true],
      ['pageview /pricingx', pricing, false],
      ['download /files/guide.pdf', pdf, true],
      ['download /files/guide.xlsx', pdf, false],
      ['event webinar_signup', webinar, true],
      ['event webinar', webinar, false],
    ] as const) expect(matchesRule(rule!, keyEvent(key)), key).toBe(hit);
  });

  it('suggests a rule pattern that matches exactly the path, special characters included', () => {
    // Paths as location.pathname gives them (a backslash is already a slash there).
    for (const path of ['/careers', '/a:b/*/c+d(x){y}', '/blog/2026/c++']) {
      const pattern = new URLPattern({ pathname: literalPattern(path) });
      expect(pattern.test({ pathname: path }), path).toBe(true);
      expect(pattern.test({ pathname: `${path}x` }), `${path}x`).toBe(false);
    }
  });
});
