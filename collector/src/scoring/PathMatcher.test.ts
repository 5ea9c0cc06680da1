// The path matcher: URLPattern's meaning for the documented syntax, and a step count linear in the path
// for the patterns that hung URLPattern.
import { describe, expect, it } from 'vitest';
import { MAX_MATCHED_CHARS, MAX_STEPS_PER_CHAR, PathMatcher } from './PathMatcher';

function matcher(pattern: string): PathMatcher {
  const compiled = PathMatcher.compile(pattern);
  if (!compiled.ok) throw new Error(`${pattern}: ${compiled.reason}`);
  return compiled.matcher;
}

const cases: [string, string[], string[]][] = [
  ['/pricing', ['/pricing'], ['/pricing/', '/pricingx', '/Pricing', '/']],
  ['/pricing*', ['/pricing', '/pricingx', '/pricing/', '/pricing/a/b'], ['/price', '/Pricing', '/x/pricing']],
  ['/pricing{/*}?', ['/pricing', '/pricing/', '/pricing/a/b'], ['/pricingx', '/pricing-plans']],
  ['/files/*', ['/files/', '/files/a.pdf', '/files/a/b.xlsx'], ['/files', '/filesx']],
  ['*', ['/', '/anything/at/all', ''], []],
  ['/blog/:slug', ['/blog/a', '/blog/first-post'], ['/blog', '/blog/', '/blog/a/b']],
  ['/blog/:slug?', ['/blog', '/blog/a'], ['/blog/', '/blog/a/b', '/blogx']],
  ['/blog/:year/:slug', ['/blog/2025/hello'], ['/blog/2025', '/blog/2025/hello/x']],
  ['/:lang/pricing', ['/en/pricing', '/de-ch/pricing'], ['/pricing', '//pricing', '/en/x/pricing']],
  ['/docs{/v:version}?/intro', ['/docs/intro', '/docs/v2/intro'], ['/docs/v/intro', '/docs/2/intro']],
  ['/shop{/category}?/item', ['/shop/item', '/shop/category/item'], ['/shop/categoryitem', '/shop/other/item']],
  ['/a\\*b', ['/a*b'], ['/ab', '/axb']],
  ['/a\\{b\\}', ['/a{b}', '/a%7Bb%7D'], ['/ab']],
  ['/\\(paren\\)', ['/(paren)'], ['/paren']],
  ['/café', ['/café', '/caf%C3%A9'], ['/cafe']],
  ['/a b', ['/a b', '/a%20b'], ['/ab']],
];

describe('PathMatcher', () => {
  for (const [pattern, hits, misses] of cases) {
    it(`matches ${pattern} as URLPattern does`, () => {
      const m = matcher(pattern);
      for (const path of hits) expect(m.test(path), path).toBe(true);
      for (const path of misses) expect(m.test(path), path).toBe(false);
    });
  }

  it('matches the canonical path, as URLPattern does: dot segments resolved, query and fragment cut', () => {
    const m = matcher('/pricing{/*}?');
    expect(m.test('/blog/../pricing')).toBe(true);
    expect(m.test('/blog/%2e%2e/pricing')).toBe(true);
    expect(m.test('/pricing?plan=pro')).toBe(true);
    expect(m.test('/pricing#faq')).toBe(true);
  });

  it('is case-sensitive', () => {
    expect(matcher('/Pricing*').test('/pricing')).toBe(false);
    expect(matcher('/Pricing*').test('/Pricing')).toBe(true);
  });

  it(`matches the first ${MAX_MATCHED_CHARS} characters of a longer path`, () => {
    const m = matcher('/a*b');
    expect(m.test(`/a${'x'.repeat(MAX_MATCHED_CHARS - 3)}b`)).toBe(true);
    expect(m.test(`/a${'x'.repeat(MAX_MATCHED_CHARS - 2)}b`)).toBe(false);
    expect(matcher('/a*').test(`/a${'x'.repeat(5_000)}`)).toBe(true);
  });
});

describe('PathMatcher steps', () => {
  /** Steps of one test, and its answer. */
  const run = (m: PathMatcher, path: string) => {
    const before = m.steps;
    const hit = m.test(path);
    return { hit, steps: m.steps - before };
  };

  it('matches /*-*-*-*-! against a 257-character path in steps linear in the path', () => {
    const m = matcher('/*-*-*-*-!');
    const path = `/${'-'.repeat(256)}`;
    const { hit, steps } = run(m, path);
    expect(hit).toBe(false);
    // One 32-bit word holds the pattern's 11 positions, and it has no ε-edge: one step per character.
    expect(steps).toBe(path.length + 1);
    expect(run(m, `${path}!`).hit).toBe(true);
  });

  it('matches /*-*-*-*-*-*-*-*-*-*-*-! against 65 and 1,000 characters in steps linear in the path', () => {
    const m = matcher('/*-*-*-*-*-*-*-*-*-*-*-!');
    for (const length of [65, 1_000]) {
      const path = `/${'-'.repeat(length - 1)}`;
      const { hit, steps } = run(m, path);
      expect(hit).toBe(false);
      expect(steps).toBe(length + 1);
      expect(run(m, `${path}!`).hit).toBe(true);
    }
  });

  it('takes MAX_STEPS_PER_CHAR per character on the costliest pattern, and no more on a longer path', () => {
    // 16 optional groups (3 ε-edges each) and text enough for 993 positions, 32 words: 32 + 48 = 80 steps.
    const pattern = Array.from({ length: 16 }, (_, i) => `{/${'a'.repeat(58)}:n${i}}?`).join('');
    const m = matcher(pattern);
    const path = `/${'a'.repeat(1_023)}`;
    expect(run(m, path).steps).toBe(MAX_STEPS_PER_CHAR * (MAX_MATCHED_CHARS + 1));
    // A path 100 times as long costs the same: only its first 1,024 characters are matched.
    expect(run(m, path.repeat(100)).steps).toBe(MAX_STEPS_PER_CHAR * (MAX_MATCHED_CHARS + 1));
  });

  it('refuses a pattern of more than 1,024 positions', () => {
    const compiled = PathMatcher.compile(`/${'a'.repeat(1_024)}`);
    expect(compiled).toEqual({ ok: false, reason: 'longer than 1024 characters once percent-encoded' });
  });

  it('stops at the first character no state survives', () => {
    const m = matcher('/pricing');
    expect(run(m, `/x${'y'.repeat(1_000)}`).steps).toBe(3);
  });
});
