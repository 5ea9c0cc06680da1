import { describe, expect, it } from 'vitest';
import { mergeBrowserTraits } from './mergeTraits';
import type { StoredEvent } from './storedEvent';

const identify = (traits: Record<string, string | null>): StoredEvent => ({ id: 'i', type: 'identify', ts: 1, visitor: 'v', lead: 'x', traits });

describe('mergeBrowserTraits', () => {
  it('notes browser traits as such and never replaces one set through the API', () => {
    const merged = mergeBrowserTraits({ traits: { company: 'CRM Co', legacy: 'old' }, traitSources: { company: 'api' } }, [identify({ company: 'Browser Co', name: 'Ana', legacy: 'new' })], 100);
    expect(merged).toEqual({ traits: { company: 'CRM Co', legacy: 'new', name: 'Ana' }, traitSources: { company: 'api', name: 'browser', legacy: 'browser' } });
  });

  it('stops new names at the maximum but keeps updating known ones', () => {
    const merged = mergeBrowserTraits({ traits: { a: '1', b: '2' } }, [identify({ c: '3', a: 'one' })], 2);
    expect(merged.traits).toEqual({ a: 'one', b: '2' });
  });

  it('keeps a trait named __proto__ as a trait', () => {
    const merged = mergeBrowserTraits({ traits: {} }, [identify(JSON.parse('{"__proto__": null, "x": "1"}'))], 100);
    expect(Object.getPrototypeOf(merged.traits)).toBe(Object.prototype);
    expect(Object.keys(merged.traits).sort()).toEqual(['__proto__', 'x']);
  });
});
