// Site configuration validation: every refusal names the exact field (in workerd, for URLPattern).
import { describe, expect, it } from 'vitest';
import demoConfig from './demoConfig.json';
import { PATH_PATTERN_SYNTAX } from '../scoring/parsePathPattern';
import { parseSiteConfig } from './siteConfigSchema';

const valid = () => structuredClone(demoConfig) as Record<string, any>;

describe('parseSiteConfig', () => {
  it('accepts the shipped demo configuration (SPEC.md §5)', () => {
    const r = parseSiteConfig(demoConfig);
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.config.rules.map((x) => x.id)).toEqual(['pricing', 'careers', 'downloads', 'visits', 'webinar']);
  });

  it('accepts every documented option', () => {
    const c = valid();
    c.rules.push(
      { id: 'daily-pricing', when: { type: 'pageview', path: '/pricing{/*}?' }, points: 3, once: 'day' },
      { id: 'pdf', when: { type: 'download', path: '/files/*' }, points: 5, max: 10, once: 'visit' },
      { id: 'posts', when: { type: 'pageview', path: '/blog/:slug' }, points: 1 },
      { id: 'docs', when: { type: 'pageview', path: '/:lang?/docs{/v:version}?/\\(beta\\)*' }, points: 1 },
    );
    c.webhook = { url: 'https://example.com/hooks/lead', secret: 'a-secret-of-enough-length' };
    c.retentionDays = 90;
    c.halfLifeDays = 0;
    expect(parseSiteConfig(c)).toMatchObject({ ok: true });
  });

  const cases: [string, (c: Record<string, any>) => void, string][] = [
    ['an unclosed regular expression group', (c) => (c.rules[2].when.path = '/files/(unclosed'), `rules[2].when.path: regular expression groups (…) are not allowed; ${PATH_PATTERN_SYNTAX}`],
    ['a regular expression group, which could backtrack on a visitor’s path', (c) => (c.rules[0].when.path = '/:x((?:a+)+b)'), `rules[0].when.path: regular expression groups (…) are not allowed; ${PATH_PATTERN_SYNTAX}`],
    ['a repeated :name', (c) => (c.rules[0].when.path = '/docs/:path+'), `rules[0].when.path: a + (repeat) is not allowed (write \\+ for a plus sign); ${PATH_PATTERN_SYNTAX}`],
    ['an optional *', (c) => (c.rules[0].when.path = '/pricing*?'), `rules[0].when.path: ? may only follow :name or {…}; ${PATH_PATTERN_SYNTAX}`],
    ['more than 16 wildcards', (c) => (c.rules[0].when.path = `/${'*-'.repeat(17)}`), `rules[0].when.path: at most 16 of *, :name and {…} together; ${PATH_PATTERN_SYNTAX}`],
    ['a path pattern too long once percent-encoded', (c) => (c.rules[0].when.path = `/${'é'.repeat(200)}`), 'rules[0].when.path: longer than 1024 characters once percent-encoded'],
    ['a path pattern of more than 512 characters', (c) => (c.rules[0].when.path = `/${'a'.repeat(512)}`), 'rules[0].when.path: Too big: expected string to have <=512 characters'],
    ['a lone surrogate in a path pattern', (c) => (c.rules[0].when.path = '/\uDC00'), 'rules[0].when.path: must be well-formed Unicode (no lone surrogates)'],
    ['an unknown event type', (c) => (c.rules[1].when.type = 'click'), "rules[1].when.type: unknown type 'click'; one of pageview, visit, download, event, engaged, identify, vitals"],
    ['a rule without type', (c) => delete c.rules[0].when.type, 'rules[0].when.type: required'],
    ['a path on a type without one', (c) => (c.rules[3].when.path = '/x'), "rules[3].when.path: not allowed for type 'visit'"],
    ['a name on a type other than event', (c) => (c.rules[0].when.name = 'x'), "rules[0].when.name: only allowed for type 'event'"],
    ['a max of 0', (c) => (c.rules[0].max = 0), 'rules[0].max: Too small: expected number to be >0'],
    ['a negative max', (c) => (c.rules[1].max = -15), 'rules[1].max: Too small: expected number to be >0'],
    ['points that are not a number', (c) => (c.rules[4].points = '40'), 'rules[4].points: Invalid input: expected number, received string'],
    ['an unknown once', (c) => (c.rules[0].once = 'week'), "rules[0].once: must be 'visit' or 'day'"],
    ['a duplicate rule id', (c) => (c.rules[4].id = 'pricing'), "rules[4].id: duplicate rule id 'pricing'"],
    ['a rule id with spaces', (c) => (c.rules[0].id = 'my rule'), 'rules[0].id: must be 1 to 64 characters of [A-Za-z0-9_.-]'],
    ['a misspelt field', (c) => (c.rules[0].when.pth = '/x'), 'rules[0].when.pth: unknown field'],
    ['a misspelt top-level field', (c) => (c.halflifeDays = 30), 'halflifeDays: unknown field'],
    ['a negative half-life', (c) => (c.halfLifeDays = -1), 'halfLifeDays: Too small: expected number to be >=0'],
    ['missing bands', (c) => delete c.bands, 'bands: required'],
    ['warm above hot', (c) => (c.bands = { warm: 90, hot: 80 }), 'bands.warm: must not be above bands.hot'],
    ['a band above 100', (c) => (c.bands.hot = 101), 'bands.hot: Too small: expected number to be <=100'.replace('small', 'big')],
    ['missing rules', (c) => delete c.rules, 'rules: required'],
    ['an origin with a path', (c) => (c.origins = ['https://example.com/app']), 'origins[0]: must be an origin like https://example.com (scheme, host and port only)'],
    ['a webhook url that is not http(s)', (c) => (c.webhook = { url: 'ftp://x.example', secret: 'a-secret-of-enough-length' }), 'webhook.url: must be an http(s) URL'],
    ['a short webhook secret', (c) => (c.webhook = { url: 'https://x.example', secret: 'short' }), 'webhook.secret: must be at least 16 characters'],
    ['a retention that is not whole days', (c) => (c.retentionDays = 1.5), 'retentionDays: Invalid input: expected int, received number'],
  ];
  for (const [what, change, message] of cases) {
    it(`refuses ${what}: ${message}`, () => {
      const c = valid();
      change(c);
      expect(parseSiteConfig(c)).toEqual({ ok: false, message });
    });
  }

  it('refuses what is not an object', () => {
    expect(parseSiteConfig(null)).toMatchObject({ ok: false });
    expect(parseSiteConfig([1])).toMatchObject({ ok: false });
  });
});
