import { env, SELF } from 'cloudflare:test';
import { describe, expect, it, vi } from 'vitest';
import { siteConfigReply } from '../apiSchemas';
import { SECRET_MASK } from '../marketer/maskSecret';
import { siteObject } from '../objects';
import { PATH_PATTERN_SYNTAX } from '../scoring/parsePathPattern';
import { DEMO_CONFIG } from '../site/ConfigStore';
import { collect, newVisitor, ORIGIN, pageview, readScore } from '../../test/helpers';
import { api, getJson, leadWithScore, named, testConfig } from '../../test/marketer';

const SECRET = 'whsec_0123456789abcdef0123';
const put = (site: string, body: unknown) => api(`/v1/sites/${site}/config`, { method: 'PUT', body: typeof body === 'string' ? body : JSON.stringify(body) });
const freshSite = () => `s-${crypto.randomUUID().slice(0, 8)}`;

describe('GET /v1/sites/:site/config', () => {
  it("serves the demo site's shipped configuration until one is stored", async () => {
    const res = await api('/v1/sites/demo/config');
    expect(res.status).toBe(200);
    expect(res.headers.get('etag')).toMatch(/^".+"$/);
    expect(await res.json()).toEqual(DEMO_CONFIG);
  });

  it('masks the webhook secret, in GET and PUT replies alike', async () => {
    const site = freshSite();
    const created = await put(site, testConfig({ webhook: { url: 'https://hooks.example.com/lead', secret: SECRET } }));
    const read = await api(`/v1/sites/${site}/config`);
    for (const res of [created, read]) {
      const text = await res.text();
      expect(text).not.toContain(SECRET);
      expect(siteConfigReply.parse(JSON.parse(text)).webhook).toEqual({ url: 'https://hooks.example.com/lead', secret: SECRET_MASK });
    }
  });
});

describe('PUT /v1/sites/:site/config', () => {
  it('creates a new site (201) that accepts beacons at once and scores them with its rules', async () => {
    const site = freshSite();
    expect((await api(`/v1/sites/${site}/config`)).status).toBe(404);
    const res = await put(site, testConfig());
    expect(res.status).toBe(201);
    expect(await res.json()).toEqual(siteConfigReply.parse(testConfig()));
    expect(await getJson(`/v1/sites/${site}/config`)).toEqual(siteConfigReply.parse(testConfig()));
    const visitor = newVisitor();
    expect(await (await collect({ site, visitor, events: named('p10', 2) })).json()).toEqual({ score: 20, band: 'cold' });
  });

  it('replaces a configuration (200) and rescores every lead, including its past events', async () => {
    const site = freshSite();
    await put(site, testConfig());
    const visitors = await Promise.all([30, 50, 60].map((s) => leadWithScore(site, s)));
    const tag = (await api(`/v1/sites/${site}/config`)).headers.get('etag');
    const next = testConfig({ bands: { warm: 20, hot: 55 } });
    next.rules[1] = { id: 'p10', when: { type: 'event', name: 'p10' }, points: 20, max: 100 };
    const res = await put(site, next);
    expect(res.status).toBe(200);
    expect(res.headers.get('etag')).not.toBe(tag);
    // p10 events now weigh 20: 30 → 60 (hot), 50 = one p50 → 50 (warm), 60 = p50 + p10 → 70 (hot).
    await vi.waitFor(async () => expect(await Promise.all(visitors.map((v) => readScore(site, v)))).toEqual([
      { score: 60, band: 'hot' },
      { score: 50, band: 'warm' },
      { score: 70, band: 'hot' },
    ]), { timeout: 10_000, interval: 100 });
    expect((await getJson(`/v1/leads?site=${site}`)).leads.map((l: { score: number }) => l.score)).toEqual([70, 60, 50]);
  });

  it('keeps the stored webhook secret when the masked value is sent back with the same URL', async () => {
    const site = freshSite();
    await put(site, testConfig({ webhook: { url: 'https://hooks.example.com/a', secret: SECRET } }));
    const read = await getJson(`/v1/sites/${site}/config`);
    const res = await put(site, { ...read, bands: { warm: 30, hot: 70 } });
    expect(res.status).toBe(200);
    expect(await siteObject(env, site).webhookTarget()).toEqual({ url: 'https://hooks.example.com/a', secret: SECRET });
    expect((await getJson(`/v1/sites/${site}/config`)).bands).toEqual({ warm: 30, hot: 70 });
  });
});

describe('PUT /v1/sites/:site/config with the rule paths that hung URLPattern', () => {
  it('accepts them, and a beacon whose paths match them badly answers with its score', async () => {
    // With URLPattern, the first took half a second per 257-character path and the second never answered
    // on 65 characters; PathMatcher takes one step per character for both (PathMatcher.test.ts).
    const site = freshSite();
    const rules = [
      { id: 'four', when: { type: 'pageview', path: '/*-*-*-*-!' }, points: 10 },
      { id: 'eleven', when: { type: 'pageview', path: '/*-*-*-*-*-*-*-*-*-*-*-!' }, points: 20 },
    ];
    expect((await put(site, testConfig({ rules }))).status).toBe(201);
    const visitor = newVisitor();
    const dashes = (n: number) => '-'.repeat(n);
    const res = await collect({ site, visitor, events: [pageview(`/${dashes(256)}`), pageview(`/${dashes(64)}`), pageview(`/${dashes(2_000)}`), pageview(`/${dashes(60)}!`)] });
    expect(res.status).toBe(200);
    // Only the last path ends with `!`: it matches both rules.
    expect(await res.json()).toEqual({ score: 30, band: 'cold' });
  });
});

describe('PUT /v1/sites/:site/config refuses bad input with a precise message and changes nothing', () => {
  const site = `s-bad-${crypto.randomUUID().slice(0, 6)}`;
  const good = testConfig({ webhook: { url: 'https://hooks.example.com/x', secret: SECRET } });
  const rule = good.rules[0]!;
    // Messages owned by siteConfigSchema.ts are matched by the field they name; this route's own, exactly.
  const cases: [string, string, unknown, number, string, string | RegExp][] = [
    ['a body that is not JSON', site, '{"rules": [', 400, 'invalid_config', 'body is not valid JSON'],
    ['an empty body', site, '', 400, 'invalid_config', 'body is not valid JSON'],
    ['a JSON array', site, [good], 400, 'invalid_config', /expected object/],
    ['JSON null', site, null, 400, 'invalid_config', /expected object/],
    ['no rules', site, { ...good, rules: undefined }, 400, 'invalid_config', 'rules: required'],
    ['no bands', site, { ...good, bands: undefined }, 400, 'invalid_config', 'bands: required'],
    ['a rule path that is not a URL pattern', site, { ...good, rules: [{ ...rule, when: { type: 'pageview', path: '/pricing(' } }] }, 400, 'invalid_config', /^rules\[0\]\.when\.path: /],
    ['a rule path with a regular expression group', site, { ...good, rules: [{ ...rule, when: { type: 'pageview', path: '/:x((?:a+)+b)' } }] }, 400, 'invalid_config', `rules[0].when.path: regular expression groups (…) are not allowed; ${PATH_PATTERN_SYNTAX}`],
    ['a rule path that repeats a group with +', site, { ...good, rules: [{ ...rule, when: { type: 'pageview', path: '/\\(x{-*}+' } }] }, 400, 'invalid_config', `rules[0].when.path: a + (repeat) is not allowed (write \\+ for a plus sign); ${PATH_PATTERN_SYNTAX}`],
    ['a rule path with a lone surrogate', site, { ...good, rules: [{ ...rule, when: { type: 'pageview', path: '/pricing\uD800' } }] }, 400, 'invalid_config', 'rules[0].when.path: must be well-formed Unicode (no lone surrogates)'],
    ['a rule event name with a lone surrogate', site, { ...good, rules: [{ ...rule, when: { type: 'event', name: 'p1\uDC00' } }] }, 400, 'invalid_config', 'rules[0].when.name: must be well-formed Unicode (no lone surrogates)'],
    ['a webhook secret with a lone surrogate', site, { ...good, webhook: { url: 'https://example.com/x', secret: `${SECRET}\uD800` } }, 400, 'invalid_config', 'webhook.secret: must be well-formed Unicode (no lone surrogates)'],
    ['a webhook URL with a lone surrogate', site, { ...good, webhook: { url: 'https://example.com/\uD800', secret: SECRET } }, 400, 'invalid_config', 'webhook.url: must be well-formed Unicode (no lone surrogates)'],
    ['a path on a rule type without paths', site, { ...good, rules: [{ ...rule, when: { type: 'visit', path: '/x' } }] }, 400, 'invalid_config', "rules[0].when.path: not allowed for type 'visit'"],
    ['an unknown event type', site, { ...good, rules: [rule, { ...rule, id: 'b', when: { type: 'click' } }] }, 400, 'invalid_config', /^rules\[1\]\.when\.type: .*'click'/],
    ['two rules with one id', site, { ...good, rules: [rule, rule] }, 400, 'invalid_config', "rules[1].id: duplicate rule id 'p1'"],
    ['a negative max', site, { ...good, rules: [{ ...rule, max: -5 }] }, 400, 'invalid_config', /^rules\[0\]\.max: /],
    ['points that are not a number', site, { ...good, rules: [{ ...rule, points: '10' }] }, 400, 'invalid_config', /^rules\[0\]\.points: /],
    ['warm above hot', site, { ...good, bands: { warm: 90, hot: 80 } }, 400, 'invalid_config', 'bands.warm: must not be above bands.hot'],
    ['an origin with a path', site, { ...good, origins: ['https://example.com/app'] }, 400, 'invalid_config', 'origins[0]: must be an origin like https://example.com (scheme, host and port only)'],
    ['a webhook URL that is not http(s)', site, { ...good, webhook: { url: 'ftp://example.com/x', secret: SECRET } }, 400, 'invalid_config', 'webhook.url: must be an http(s) URL'],
    ['a short webhook secret', site, { ...good, webhook: { url: 'https://example.com/x', secret: 'short' } }, 400, 'invalid_config', 'webhook.secret: must be at least 16 characters'],
    ['the masked secret for a site without one', site, { ...good, webhook: { url: 'https://example.com/x', secret: SECRET_MASK } }, 400, 'invalid_config', 'webhook.secret: the masked secret can only be sent back to keep a stored one; give the secret'],
    ['a site name with capitals', 'Bad-Site', good, 400, 'invalid_request', 'site: must be 1 to 64 characters of [a-z0-9_-]'],
    ['a body over 64 KiB', site, { ...good, padding: 'x'.repeat(70 * 1024) }, 413, 'payload_too_large', 'body larger than 65536 bytes'],
  ];

  for (const [what, target, body, status, code, message] of cases) {
    it(`answers ${what} with ${status} ${code}`, async () => {
      const res = await put(target, body);
      expect(res.status).toBe(status);
      expect(res.headers.get('content-type')).toContain('application/json');
      const reply = (await res.json()) as { error: { code: string; message: string } };
      expect(reply).toEqual({ error: { code, message: expect.any(String) } });
      if (typeof message === 'string') expect(reply.error.message).toBe(message);
      else expect(reply.error.message).toMatch(message);
    });
  }

  it('created no site and left the demo configuration as it was', async () => {
    expect((await api(`/v1/sites/${site}/config`)).status).toBe(404);
    expect((await api('/v1/sites/bad-site/config')).status).toBe(404);
    expect(await (await collect({ site, visitor: newVisitor(), events: named('p1') })).json()).toMatchObject({ error: { code: 'unknown_site' } });
    const demoBefore = await getJson('/v1/sites/demo/config');
    expect((await put('demo', { ...DEMO_CONFIG, bands: { warm: 90, hot: 10 } })).status).toBe(400);
    expect(await getJson('/v1/sites/demo/config')).toEqual(demoBefore);
  });

  it('answers GET of an unknown site with 404 and a bad name with 400', async () => {
    expect(await (await api('/v1/sites/nope-nope/config')).json()).toEqual({ error: { code: 'unknown_site', message: "unknown site 'nope-nope'" } });
    const res = await SELF.fetch(`${ORIGIN}/v1/sites/${'x'.repeat(65)}/config`, { headers: { Authorization: 'Bearer test-token' } });
    expect(await res.json()).toEqual({ error: { code: 'invalid_request', message: 'site: must be 1 to 64 characters of [a-z0-9_-]' } });
  });
});
