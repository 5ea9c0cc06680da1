// Matches pathnames against a rule's `when.path` in time linear in the path: the pattern becomes a small
// NFA whose states are simulated all at once as a bit set (Thompson's construction, with the bit-parallel
// step of Shift-And), so no input can make it backtrack. URLPattern compiles the same patterns to a
// backtracking regular expression: `/*-*-*-*-!` took half a second on a 257-character path.
import { canonicalPath } from './canonicalPath';
import { MAX_PATTERN_PARTS, parsePathPattern, PATH_PATTERN_SYNTAX, type PatternPart } from './parsePathPattern';

/** Characters of a (canonical) path that are matched; the rest of a longer path is ignored. */
export const MAX_MATCHED_CHARS = 1_024;
/** Most NFA positions of one pattern: 32 words of 32 bits. */
export const MAX_POSITIONS = 1_024;
/** Most ε-edges of one pattern: three per optional part. */
const MAX_EDGES = 3 * MAX_PATTERN_PARTS;
/**
 * Most steps one path character costs, whatever the pattern: a step is one 32-position word of the state
 * set, or one ε-edge followed. `test` also spends one character's worth on the start state.
 */
export const MAX_STEPS_PER_CHAR = MAX_POSITIONS / 32 + MAX_EDGES;

const SLASH = 0x2f;

/** A compiled pattern, or why it is refused (the reason ends with what a pattern may use). */
export type CompiledPattern = { ok: true; matcher: PathMatcher } | { ok: false; reason: string };

/** A path pattern compiled to an NFA; `test` is O(path length × pattern size) with small constants. */
export class PathMatcher {
  /** Steps taken by every `test` so far (see MAX_STEPS_PER_CHAR): tests and benches read it. */
  steps = 0;
  private readonly words: number;
  private readonly final: number;
  /** Per character code, the positions that advance on it (literal text). */
  private readonly literal = new Map<number, Uint32Array>();
  /** Positions that advance on any character but `/` (the first character of a `:name`). */
  private readonly segment: Uint32Array;
  /** Positions that stay on any character (`*`) or on any but `/` (the rest of a `:name`). */
  private readonly anyLoop: Uint32Array;
  private readonly segmentLoop: Uint32Array;
  /** ε-edges as [from, to] pairs, `from` < `to`, sorted by `from` so that one pass closes the set. */
  private readonly edges: Int32Array;
  private readonly start: Uint32Array;

  /** Parses and compiles `pattern`; refuses what parsePathPattern refuses, or a pattern too long. */
  static compile(pattern: string): CompiledPattern {
    const parsed = parsePathPattern(pattern);
    if (!parsed.ok) return { ok: false, reason: `${parsed.reason}; ${PATH_PATTERN_SYNTAX}` };
    const nfa = buildNfa(parsed.parts);
    if (nfa.positions > MAX_POSITIONS) return { ok: false, reason: `longer than ${MAX_POSITIONS} characters once percent-encoded` };
    return { ok: true, matcher: new PathMatcher(nfa) };
  }

  private constructor(nfa: Nfa) {
    this.words = Math.ceil(nfa.positions / 32);
    this.final = nfa.positions - 1;
    const set = (positions: number[]) => {
      const bits = new Uint32Array(this.words);
      for (const p of positions) bits[p >>> 5]! |= 1 << (p & 31);
      return bits;
    };
    for (const [code, positions] of nfa.literal) this.literal.set(code, set(positions));
    this.segment = set(nfa.segment);
    this.anyLoop = set(nfa.anyLoop);
    this.segmentLoop = set(nfa.segmentLoop);
    this.edges = Int32Array.from(nfa.edges.sort((a, b) => a[0] - b[0]).flat());
    this.start = set([0]);
    this.close(this.start);
  }

  /**
   * Whether `pathname` matches, as URLPattern's `test({ pathname })` would answer for its canonical form
   * (canonicalPath.ts) cut to its first MAX_MATCHED_CHARS characters.
   */
  test(pathname: string): boolean {
    const canonical = canonicalPath(pathname);
    if (canonical === null) return false;
    const path = canonical.slice(0, MAX_MATCHED_CHARS);
    const words = this.words;
    let current = this.start.slice();
    let next = new Uint32Array(words);
    this.steps += words + this.edges.length / 2;
    for (let i = 0; i < path.length; i++) {
      const code = path.charCodeAt(i);
      const literal = this.literal.get(code);
      const notSlash = code !== SLASH;
      let carry = 0;
      let alive = 0;
      for (let w = 0; w < words; w++) {
        const state = current[w]!;
        const advances = (literal ? literal[w]! : 0) | (notSlash ? this.segment[w]! : 0);
        const stays = this.anyLoop[w]! | (notSlash ? this.segmentLoop[w]! : 0);
        const moved = state & advances;
        const bits = (moved << 1) | carry | (state & stays);
        carry = moved >>> 31;
        next[w] = bits;
        alive |= bits;
      }
      this.close(next);
      this.steps += words + this.edges.length / 2;
      if (alive === 0) return false;
      [current, next] = [next, current];
    }
    return ((current[this.final >>> 5]! >>> (this.final & 31)) & 1) === 1;
  }

  /** Adds to `bits` every position reachable by ε-edges; edges only go forward, so one pass suffices. */
  private close(bits: Uint32Array): void {
    const edges = this.edges;
    for (let e = 0; e < edges.length; e += 2) {
      const from = edges[e]!;
      if ((bits[from >>> 5]! >>> (from & 31)) & 1) {
        const to = edges[e + 1]!;
        bits[to >>> 5]! |= 1 << (to & 31);
      }
    }
  }
}

interface Nfa {
  positions: number;
  literal: Map<number, number[]>;
  segment: number[];
  anyLoop: number[];
  segmentLoop: number[];
  edges: [number, number][];
}

/**
 * Lays the parts out as positions 0…n: a character of literal text advances one position; a `:name`
 * advances one on its first character and then loops; a `*` loops. An optional part gets an entry and an
 * exit position of its own, joined by an ε-edge that skips it, so that its loops are never reachable when
 * it is skipped and a neighbour's loops never leak into it.
 */
function buildNfa(parts: PatternPart[]): Nfa {
  const nfa: Nfa = { positions: 0, literal: new Map(), segment: [], anyLoop: [], segmentLoop: [], edges: [] };
  let pos = 0;
  const text = (value: string) => {
    for (let i = 0; i < value.length; i++) {
      const code = value.charCodeAt(i);
      let positions = nfa.literal.get(code);
      if (!positions) nfa.literal.set(code, (positions = []));
      positions.push(pos++);
    }
  };
  for (const part of parts) {
    const entry = pos;
    if (part.optional) nfa.edges.push([entry, ++pos]);
    if (part.kind === 'fixed') text(part.value);
    else {
      text(part.prefix);
      if (part.kind === 'segment') {
        nfa.segment.push(pos++);
        nfa.segmentLoop.push(pos);
      } else nfa.anyLoop.push(pos);
      text(part.suffix);
    }
    if (part.optional) {
      nfa.edges.push([pos, pos + 1]);
      nfa.edges.push([entry, ++pos]);
    }
  }
  nfa.positions = pos + 1;
  return nfa;
}
