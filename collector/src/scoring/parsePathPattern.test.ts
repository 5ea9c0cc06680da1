// Parsing path patterns: the parts URLPattern would make, and a reason for everything outside the subset.
import { describe, expect, it } from 'vitest';
import { parsePathPattern } from './parsePathPattern';

const parts = (pattern: string) => {
  const parsed = parsePathPattern(pattern);
  if (!parsed.ok) throw new Error(parsed.reason);
  return parsed.parts;
};

describe('parsePathPattern', () => {
  it('splits text, wildcards and groups as URLPattern does: a / right before :name or * belongs to it', () => {
    expect(parts('/blog/:slug?')).toEqual([
      { kind: 'fixed', value: '/blog', optional: false },
      { kind: 'segment', prefix: '/', suffix: '', optional: true },
    ]);
    expect(parts('/pricing*')).toEqual([
      { kind: 'fixed', value: '/pricing', optional: false },
      { kind: 'full', prefix: '', suffix: '', optional: false },
    ]);
    expect(parts('/pricing{/*}?')).toEqual([
      { kind: 'fixed', value: '/pricing', optional: false },
      { kind: 'full', prefix: '/', suffix: '', optional: true },
    ]);
    expect(parts('{/shop}?/a\\*')).toEqual([
      { kind: 'fixed', value: '/shop', optional: true },
      { kind: 'fixed', value: '/a*', optional: false },
    ]);
  });

  it('percent-encodes text as URLPattern does, and merges a group without modifier into the text', () => {
    expect(parts('/café {x}')).toEqual([{ kind: 'fixed', value: '/caf%C3%A9%20x', optional: false }]);
    expect(parts('/a/../b')).toEqual([{ kind: 'fixed', value: '/b', optional: false }]);
  });

  const refusals: [string, string][] = [
    ['/:x((?:a+)+b)', 'regular expression groups (…) are not allowed'],
    ['/files/(unclosed', 'regular expression groups (…) are not allowed'],
    ['/a\\', 'a \\ at the end escapes nothing'],
    ['/a:', 'a : must start a :name (write \\: for a colon)'],
    ['/:-x', 'a : must start a :name (write \\: for a colon)'],
    ['/:né', ':né: a name is ASCII letters, digits, _ and $'],
    ['/:a+', 'a + (repeat) is not allowed (write \\+ for a plus sign)'],
    ['/a+b', 'a + (repeat) is not allowed (write \\+ for a plus sign)'],
    ['/:a*', 'a * right after :name, * or {…} repeats it, which is not allowed (write \\* for an asterisk)'],
    ['/**', 'a * right after :name, * or {…} repeats it, which is not allowed (write \\* for an asterisk)'],
    ['/{a}*', 'a * right after :name, * or {…} repeats it, which is not allowed (write \\* for an asterisk)'],
    ['/pricing*?', '? may only follow :name or {…}'],
    ['/why?', '? may only follow :name or {…}'],
    ['/a}', 'a } without its {'],
    ['/{a', 'a {…} group holds text and at most one * or :name, and ends with }'],
    ['/{a{b}}', 'a {…} group holds text and at most one * or :name, and ends with }'],
    ['/{:a:b}', 'a {…} group holds text and at most one * or :name, and ends with }'],
    ['/:a/:a', ':a appears twice'],
    ['/:a{/:a}?', ':a appears twice'],
    [`/${'*-'.repeat(17)}`, 'at most 16 of *, :name and {…} together'],
    ['{a/..}', '"a/..": its . and .. segments leave nothing'],
  ];
  for (const [pattern, reason] of refusals) {
    it(`refuses ${pattern.length > 30 ? `${pattern.slice(0, 30)}…` : pattern}: ${reason}`, () => {
      expect(parsePathPattern(pattern)).toEqual({ ok: false, reason });
    });
  }

  it('accepts an escaped parenthesis as text, which was how regular expressions slipped past the old check', () => {
    expect(parts('/\\(x\\)')).toEqual([{ kind: 'fixed', value: '/(x)', optional: false }]);
  });
});
