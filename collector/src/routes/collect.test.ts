import { SELF } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { collect, newEventId, newVisitor, ORIGIN, pageview, readScore, visitorObject } from '../../test/helpers';

describe('POST /v1/collect', () => {
  it('scores a pricing pageview with the demo rules and serves the same score', async () => {
    const visitor = newVisitor();
    const res = await collect({ site: 'demo', visitor, events: [pageview('/pricing')] });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ score: 10, band: 'cold' });
    expect(await readScore('demo', visitor)).toEqual({ score: 10, band: 'cold' });
  });

  it('counts every one of 200 concurrent beacons with distinct event ids for one visitor', async () => {
    const visitor = newVisitor();
    const ids = Array.from({ length: 200 }, newEventId);
    const replies = await Promise.all(ids.map((id, i) => collect({ site: 'demo', visitor, events: [{ id, type: 'engaged', ts: Date.now(), path: `/p${i}`, ms: 1000 }] })));
    expect(replies.map((r) => r.status)).toEqual(ids.map(() => 200));
    const stored = await visitorObject('demo', visitor);
    expect(stored!.events.map((e: { id: string }) => e.id).sort()).toEqual([...ids].sort());
  });

  it('counts an event sent twice with the same id once', async () => {
    const visitor = newVisitor();
    const event = { id: newEventId(), type: 'event', ts: Date.now(), name: 'webinar_signup' };
    expect(await (await collect({ site: 'demo', visitor, events: [event] })).json()).toEqual({ score: 40, band: 'warm' });
    expect(await (await collect({ site: 'demo', visitor, events: [event] })).json()).toEqual({ score: 40, band: 'warm' });
    expect((await visitorObject('demo', visitor))!.events).toHaveLength(1);
  });

  it('accepts a server sending events without an Origin header, and the collector’s own origin', async () => {
    const visitor = newVisitor();
    expect((await collect({ site: 'demo', visitor, events: [pageview('/')] })).status).toBe(200);
    expect((await collect({ site: 'demo', visitor, events: [pageview('/a')] }, { Origin: ORIGIN })).status).toBe(200);
    expect((await collect({ site: 'demo', visitor, events: [pageview('/b')] }, { Origin: 'http://localhost:8787' })).status).toBe(200);
  });

  it('clamps client timestamps to the last 7 days', async () => {
    const visitor = newVisitor();
    const now = Date.now();
    await collect({ site: 'demo', visitor, events: [pageview('/old', 0), pageview('/future', now + 30 * 86_400_000)] });
    const ts = (await visitorObject('demo', visitor))!.events.map((e: { ts: number }) => e.ts);
    expect(Math.min(...ts)).toBeGreaterThanOrEqual(now - 7 * 86_400_000 - 1000);
    expect(Math.max(...ts)).toBeLessThanOrEqual(Date.now());
  });

  it('accepts a visitor sending 1,000 events a minute and refuses far more with 429', async () => {
    const visitor = newVisitor();
    const batch = () => ({ site: 'demo', visitor, events: Array.from({ length: 50 }, () => pageview('/x')) });
    for (let i = 0; i < 20; i++) expect((await collect(batch())).status).toBe(200);
    let status = 200;
    for (let i = 0; i < 60 && status === 200; i++) status = (await collect(batch())).status;
    expect(status).toBe(429);
    const res = await collect(batch());
    expect(await res.json()).toMatchObject({ error: { code: 'rate_limited' } });
  });
});

describe('POST /v1/collect refuses bad input with a JSON error and changes nothing', () => {
  const visitor = newVisitor();
  const ok = pageview('/pricing');
  const cases: [string, () => Promise<Response>, number, string, string | RegExp][] = [
    ['a body that is not JSON', () => collect('{"site": "demo", '), 400, 'invalid_payload', 'body is not valid JSON'],
    ['a JSON array', () => collect([1, 2]), 400, 'invalid_payload', /expected object/],
    ['a missing site', () => collect({ visitor, events: [ok] }), 400, 'invalid_payload', 'site: required'],
    ['a malformed visitor id', () => collect({ site: 'demo', visitor: 'short', events: [ok] }), 400, 'invalid_payload', /^visitor: must be 16 to 64/],
    ['events that are not an array', () => collect({ site: 'demo', visitor, events: {} }), 400, 'invalid_payload', /^events: /],
    ['no events', () => collect({ site: 'demo', visitor, events: [] }), 400, 'invalid_payload', 'events: at least 1 item'],
    ['an unknown event type', () => collect({ site: 'demo', visitor, events: [ok, { id: newEventId(), type: 'foo', ts: 1 }] }), 400, 'invalid_payload', "events[1].type: unknown type 'foo'"],
    ['a pageview without path', () => collect({ site: 'demo', visitor, events: [{ id: newEventId(), type: 'pageview', ts: 1 }] }), 400, 'invalid_payload', 'events[0].path: required'],
    ['a timestamp that is a string', () => collect({ site: 'demo', visitor, events: [{ ...ok, ts: 'now' }] }), 400, 'invalid_payload', /^events\[0\]\.ts: /],
    ['an event id with bad characters', () => collect({ site: 'demo', visitor, events: [{ ...ok, id: 'bad id!!' }] }), 400, 'invalid_payload', /^events\[0\]\.id: /],
    ['more than 50 events', () => collect({ site: 'demo', visitor, events: Array.from({ length: 51 }, () => pageview('/x')) }), 400, 'invalid_payload', 'events: at most 50 items'],
    // Lone surrogates would turn into U+FFFD when encoded, so two different strings would become one.
    ...([
      ['a path', { ...ok, path: '/pricing\uD800' }, 'events[0].path'],
      ['a title', { ...ok, title: 'Pricing \uDC00' }, 'events[0].title'],
      ['a referrer', { ...ok, referrer: 'https://x.example/\uD800' }, 'events[0].referrer'],
      ['a download url', { id: newEventId(), type: 'download', ts: 1, url: '/files/\uDBFF.pdf' }, 'events[0].url'],
      ['an event name', { id: newEventId(), type: 'event', ts: 1, name: 'signup\uD800' }, 'events[0].name'],
      ['a property value', { id: newEventId(), type: 'event', ts: 1, name: 'signup', props: { plan: '\uDC00' } }, 'events[0].props.plan'],
      ['a property name', { id: newEventId(), type: 'event', ts: 1, name: 'signup', props: { ['plan\uD800']: 'pro' } }, 'events[0].props: a key'],
      ['a lead id', { id: newEventId(), type: 'identify', ts: 1, lead: 'ana\uD800@example.com' }, 'events[0].lead'],
      ['a trait value', { id: newEventId(), type: 'identify', ts: 1, lead: 'ana@example.com', traits: { name: 'Ana \uDFFF' } }, 'events[0].traits.name'],
      ['a trait name', { id: newEventId(), type: 'identify', ts: 1, lead: 'ana@example.com', traits: { ['\uDFFF']: 'x' } }, 'events[0].traits: a key'],
    ] as const).map(([field, event, where]): (typeof cases)[number] => [
      `a lone surrogate in ${field}`,
      () => collect({ site: 'demo', visitor, events: [event] }),
      400,
      'invalid_payload',
      `${where}${where.endsWith('a key') ? '' : ':'} must be well-formed Unicode (no lone surrogates)`,
    ]),
    ['a body over 16 KiB', () => collect({ site: 'demo', visitor, events: [{ ...ok, title: 'x'.repeat(17 * 1024) }] }), 413, 'payload_too_large', /16384 bytes/],
    ['an unknown site', () => collect({ site: 'nosuchsite', visitor, events: [ok] }), 404, 'unknown_site', "unknown site 'nosuchsite'"],
    ['an origin the site does not allow', () => collect({ site: 'demo', visitor, events: [ok] }, { Origin: 'https://evil.example' }), 403, 'forbidden_origin', /evil\.example/],
    ['a GET', () => SELF.fetch(`${ORIGIN}/v1/collect`), 404, 'not_found', /no route GET/],
  ];

  for (const [what, send, status, code, message] of cases) {
    it(`answers ${what} with ${status} ${code}`, async () => {
      const res = await send();
      expect(res.status).toBe(status);
      expect(res.headers.get('content-type')).toContain('application/json');
      const body = (await res.json()) as { error: { code: string; message: string } };
      expect(body.error.code).toBe(code);
      if (typeof message === 'string') expect(body.error.message).toBe(message);
      else expect(body.error.message).toMatch(message);
    });
  }

  it('left no trace of the refused visitor', async () => {
    expect(await visitorObject('demo', visitor)).toBeNull();
    expect(await readScore('demo', visitor)).toEqual({ score: 0, band: 'cold' });
  });
});
