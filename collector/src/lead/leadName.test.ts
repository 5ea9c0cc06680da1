// Lead object names: a lead id is hashed as UTF-8, which is one-to-one only on well-formed strings, so the
// collector refuses lone surrogates before any id reaches the hash.
import { env } from 'cloudflare:test';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { collect, newEventId, newVisitor, readScore, visitorObject } from '../../test/helpers';
import { leadObjectName, normalizeLeadId } from './leadName';

const name = (lead: string) => leadObjectName(env.HASH_KEY, 'demo', lead);

describe('leadObjectName', () => {
  it('would give one name to \\uD800 and \\uDC00, as TextEncoder turns both into U+FFFD', async () => {
    // Why the schemas refuse lone surrogates: the hash alone cannot tell these ids apart.
    expect(await name('\uD800')).toBe(await name('\uDC00'));
    expect(await name('\uD800')).toBe(await name('\uFFFD'));
  });

  it('refuses both ids at POST /v1/collect, so neither reaches a lead', async () => {
    for (const lead of ['\uD800', '\uDC00']) {
      const visitor = newVisitor();
      const res = await collect({ site: 'demo', visitor, events: [{ id: newEventId(), type: 'identify', ts: Date.now(), lead }] });
      expect(res.status).toBe(400);
      expect(await res.json()).toEqual({ error: { code: 'invalid_payload', message: 'events[0].lead: must be well-formed Unicode (no lone surrogates)' } });
      expect(await visitorObject('demo', visitor)).toBeNull();
      expect(await readScore('demo', visitor)).toEqual({ score: 0, band: 'cold' });
    }
  });

  it('gives distinct well-formed ids distinct names, including ids U+FFFD and astral characters could confuse', async () => {
    const ids = ['a', 'a\uFFFD', 'a\uFFFD\uFFFD', 'a😀', 'a\u{1F601}', '\u00E4', 'a\u0308', 'ana@example.com', 'ana@example.co'];
    const names = await Promise.all(ids.map(name));
    expect(new Set(names).size).toBe(ids.length);
  });

  it('gives any two well-formed ids that differ after normalization different names (1,000 pairs)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: 'binary', minLength: 1, maxLength: 12 }), fc.string({ unit: 'binary', minLength: 1, maxLength: 12 }), async (a, b) => {
        fc.pre(normalizeLeadId(a) !== normalizeLeadId(b));
        expect(await name(a)).not.toBe(await name(b));
      }),
      { numRuns: 1_000 },
    );
  });
});
