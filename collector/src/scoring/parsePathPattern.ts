// Parses a rule's `when.path` the way URLPattern parses a pathname pattern
// (https://urlpattern.spec.whatwg.org/#parse-a-pattern-string), for the subset that the collector matches in
// linear time (PathMatcher.ts); anything else is refused with the reason.
import { canonicalPath } from './canonicalPath';

/** Most `*`, `:name` and `{…}` one pattern may hold, together. */
export const MAX_PATTERN_PARTS = 16;

/** What a path pattern may contain: the tail of every refusal. */
export const PATH_PATTERN_SYNTAX =
  'a path pattern may use literal text, * (any characters), :name (one segment), {…} groups, ? after :name or {…}, and \\ before a special character';

/**
 * One part of a parsed pattern, its text already canonical (percent-encoded as URLPattern encodes it).
 * `fixed`: literal text; `segment`: `:name`, one or more characters other than `/`; `full`: `*`, any
 * characters. `prefix` and `suffix` belong to the wildcard: they are skipped with it when it is optional.
 */
export type PatternPart =
  | { kind: 'fixed'; value: string; optional: boolean }
  | { kind: 'segment' | 'full'; prefix: string; suffix: string; optional: boolean };

/** A parsed pattern, or why it is refused. */
export type ParsedPattern = { ok: true; parts: PatternPart[] } | { ok: false; reason: string };

type TokenType = 'char' | 'escaped' | 'name' | 'asterisk' | 'modifier' | 'open' | 'close' | 'end';
interface Token {
  type: TokenType;
  value: string;
}

/** Refusal, thrown inside the parser and caught at its edge. */
class Refused extends Error {}

// URLPattern names are identifiers (https://urlpattern.spec.whatwg.org/#is-a-valid-name-code-point); the
// tokenizer must cut them where URLPattern does, even though only ASCII names are then accepted.
const NAME_START = /[\p{ID_Start}$_]/u;
const NAME_PART = /[\p{ID_Continue}$\u200C\u200D]/u;
const ASCII_NAME = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

function tokenize(pattern: string): Token[] {
  const cps = Array.from(pattern);
  const tokens: Token[] = [];
  for (let i = 0; i < cps.length; i++) {
    const c = cps[i]!;
    if (c === '*') tokens.push({ type: 'asterisk', value: c });
    else if (c === '?' || c === '+') tokens.push({ type: 'modifier', value: c });
    else if (c === '{') tokens.push({ type: 'open', value: c });
    else if (c === '}') tokens.push({ type: 'close', value: c });
    else if (c === '(') throw new Refused('regular expression groups (…) are not allowed');
    else if (c === '\\') {
      if (i === cps.length - 1) throw new Refused('a \\ at the end escapes nothing');
      tokens.push({ type: 'escaped', value: cps[++i]! });
    } else if (c === ':') {
      let j = i + 1;
      while (j < cps.length && (j === i + 1 ? NAME_START : NAME_PART).test(cps[j]!)) j++;
      const name = cps.slice(i + 1, j).join('');
      if (!name) throw new Refused('a : must start a :name (write \\: for a colon)');
      if (!ASCII_NAME.test(name)) throw new Refused(`:${name}: a name is ASCII letters, digits, _ and $`);
      tokens.push({ type: 'name', value: name });
      i = j - 1;
    } else tokens.push({ type: 'char', value: c });
  }
  tokens.push({ type: 'end', value: '' });
  return tokens;
}

/** Parses `pattern` into parts, as URLPattern would, or refuses it with the reason. */
export function parsePathPattern(pattern: string): ParsedPattern {
  try {
    return { ok: true, parts: parse(tokenize(pattern)) };
  } catch (e) {
    if (e instanceof Refused) return { ok: false, reason: e.message };
    throw e;
  }
}

/** The spec's encoding callback: text of a pattern is canonicalized like the paths it is matched with. */
function encode(text: string): string {
  const canonical = canonicalPath(text);
  if (canonical === null) throw new Refused(`${JSON.stringify(text)}: its . and .. segments leave nothing`);
  return canonical;
}

function parse(tokens: Token[]): PatternPart[] {
  const parts: PatternPart[] = [];
  const names = new Set<string>();
  let index = 0;
  let pending = '';
  let specials = 0;

  const take = (type: TokenType): Token | null => (tokens[index]!.type === type ? tokens[index++]! : null);
  const takeWildcard = (name: Token | null): Token | null => (name ? null : take('asterisk'));
  const takeText = (): string => {
    let text = '';
    for (let t = take('char') ?? take('escaped'); t; t = take('char') ?? take('escaped')) text += t.value;
    return text;
  };
  const flushPending = () => {
    if (pending) parts.push({ kind: 'fixed', value: encode(pending), optional: false });
    pending = '';
  };
  const countSpecial = () => {
    if (++specials > MAX_PATTERN_PARTS) throw new Refused(`at most ${MAX_PATTERN_PARTS} of *, :name and {…} together`);
  };
  // The spec's "try to consume a modifier token": `?`, `+` and `*` all modify what precedes them.
  const takeModifier = (): boolean => {
    const t = take('modifier') ?? take('asterisk');
    if (!t) return false;
    if (t.value === '?') return true;
    throw new Refused(t.value === '+' ? 'a + (repeat) is not allowed (write \\+ for a plus sign)' : 'a * right after :name, * or {…} repeats it, which is not allowed (write \\* for an asterisk)');
  };
  // The spec's "add a part".
  const addPart = (prefix: string, name: Token | null, wildcard: Token | null, suffix: string, optional: boolean) => {
    if (!name && !wildcard && !optional) {
      pending += prefix;
      return;
    }
    flushPending();
    if (!name && !wildcard) {
      if (prefix) parts.push({ kind: 'fixed', value: encode(prefix), optional });
      return;
    }
    if (name) {
      if (names.has(name.value)) throw new Refused(`:${name.value} appears twice`);
      names.add(name.value);
    }
    parts.push({ kind: wildcard ? 'full' : 'segment', prefix: encode(prefix), suffix: encode(suffix), optional });
  };

  while (index < tokens.length) {
    const char = take('char');
    const name = take('name');
    const wildcard = takeWildcard(name);
    if (name || wildcard) {
      countSpecial();
      let prefix = char?.value ?? '';
      // Only a `/` right before `:name` or `*` belongs to it (and goes with it when it is optional).
      if (prefix !== '/') {
        pending += prefix;
        prefix = '';
      }
      flushPending();
      const optional = takeModifier();
      if (optional && !name) throw new Refused('? may only follow :name or {…}');
      addPart(prefix, name, wildcard, '', optional);
      continue;
    }
    const fixed = char ?? take('escaped');
    if (fixed) {
      pending += fixed.value;
      continue;
    }
    if (take('open')) {
      countSpecial();
      const prefix = takeText();
      const inner = take('name');
      const innerWildcard = takeWildcard(inner);
      const suffix = takeText();
      if (!take('close')) throw new Refused('a {…} group holds text and at most one * or :name, and ends with }');
      addPart(prefix, inner, innerWildcard, suffix, takeModifier());
      continue;
    }
    flushPending();
    const stray = tokens[index]!;
    if (stray.type === 'end') break;
    if (stray.type === 'close') throw new Refused('a } without its {');
    throw new Refused(stray.value === '?' ? '? may only follow :name or {…}' : 'a + (repeat) is not allowed (write \\+ for a plus sign)');
  }
  return parts;
}
