// Property test of the path matcher against URLPattern itself (which exists in workerd, where this runs):
// 10,000 random patterns, each with random paths, agree with URLPattern and stay within the step bound.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalPath } from './canonicalPath';
import { MAX_MATCHED_CHARS, MAX_STEPS_PER_CHAR, PathMatcher } from './PathMatcher';

const TEXT_CHARS = ['a', 'b', 'x', '/', '-', '.', '%', '2', 'e', 'E', 'é', ' ', '#', '\t', '\u0001', '~', '!', '"', '^', '|', '@', ';', '=', '&', "'", '😀', '<', '`'];
const NAMES = ['a', 'b', 'id', 'x1', '$y', '_'];
const text = fc.array(fc.constantFrom(...TEXT_CHARS), { minLength: 1, maxLength: 4 }).map((cs) => cs.join(''));
const escaped = fc.constantFrom('*', '?', '+', ':', '{', '}', '(', ')', '\\', '/', '.', 'a').map((c) => `\\${c}`);
const name = fc.constantFrom(...NAMES).map((n) => `:${n}`);
const wildcard = fc.oneof(fc.constant(''), fc.constant('*'), name);
const group = fc
  .tuple(fc.oneof(fc.constant(''), text), wildcard, fc.oneof(fc.constant(''), text), fc.constantFrom('', '?', '?'))
  .map(([prefix, w, suffix, modifier]) => `{${prefix}${w}${suffix}}${modifier}`);
// Mostly what the subset accepts, and now and then something it refuses, so both sides are exercised.
const item = fc.oneof(
  { weight: 6, arbitrary: text },
  { weight: 2, arbitrary: escaped },
  { weight: 4, arbitrary: fc.constantFrom('*', '/*', '/') },
  { weight: 4, arbitrary: fc.tuple(fc.constantFrom('', '/'), name, fc.constantFrom('', '?')).map((p) => p.join('')) },
  { weight: 4, arbitrary: group },
  { weight: 1, arbitrary: fc.constantFrom('(', '(x)', ')', '+', '?', '}', '{', '**', '*?', ':', ':é', '{{', '*+') },
);
const pattern = fc.array(item, { minLength: 1, maxLength: 8 }).map((items) => items.join(''));

const PATH_PARTS = ['/', '/', '/', 'a', 'b', 'x', '-', '.', '..', '%2e', '%2E', 'é', ' ', '?', '#', '\\', '"', '😀', '%', '\t', '~', 'ab', '/a', '/b/'];
/** Paths made of common pieces and of the pattern's own text, so that many of them match. */
const pathsFor = (p: string) => {
  const own = p.split(/[*?+{}():\\]/).filter(Boolean);
  const piece = own.length ? fc.oneof(fc.constantFrom(...PATH_PARTS), fc.constantFrom(...own)) : fc.constantFrom(...PATH_PARTS);
  const path = fc.tuple(fc.constantFrom('/', '/', '/', ''), fc.array(piece, { maxLength: 12 })).map(([lead, rest]) => lead + rest.join(''));
  return fc.array(path, { minLength: 4, maxLength: 4 });
};

describe('PathMatcher against URLPattern', () => {
  it('agrees with URLPattern on every accepted pattern and stays within the step bound (10,000 patterns)', () => {
    let accepted = 0;
    let compared = 0;
    let matched = 0;
    fc.assert(
      fc.property(
        pattern.chain((p) => pathsFor(p).map((paths) => [p, paths] as const)),
        ([p, paths]) => {
          const compiled = PathMatcher.compile(p);
          let reference: URLPattern | null = null;
          try {
            reference = new URLPattern({ pathname: p });
          } catch {
            // Refused by URLPattern: the subset must refuse it too (checked below).
          }
          if (!compiled.ok) return;
          accepted++;
          expect(reference, `URLPattern refuses ${JSON.stringify(p)}`).not.toBeNull();
          for (const path of paths) {
            const length = Math.min(canonicalPath(path)?.length ?? 0, MAX_MATCHED_CHARS);
            const before = compiled.matcher.steps;
            const hit = compiled.matcher.test(path);
            expect(compiled.matcher.steps - before).toBeLessThanOrEqual(MAX_STEPS_PER_CHAR * (length + 1));
            expect(hit, `${JSON.stringify(p)} on ${JSON.stringify(path)}`).toBe(reference!.test({ pathname: path }));
            compared++;
            if (hit) matched++;
          }
        },
      ),
      { numRuns: 10_000, seed: 20_260_711 },
    );
    // The property means something only if many patterns are accepted and many paths match.
    expect(accepted).toBeGreaterThan(4_000);
    expect(matched).toBeGreaterThan(compared / 20);
  }, 120_000);
});
