// Compiles a configuration's rules once: path matchers (PathMatcher.ts) and a per-rule memo of pathnames
// already tested, since a lead's history repeats the same few paths.
import type { Rule } from '../site/siteConfigSchema';
import { PathMatcher } from './PathMatcher';
import type { ScoredEvent } from './scoreLead';

/** A rule ready to match events. */
export interface CompiledRule {
  rule: Rule;
  /** Tests a pathname against the rule's `path`; null when the rule has none. */
  matchPath: ((pathname: string) => boolean) | null;
}

/** Most pathnames remembered per rule; beyond it the memo starts again. */
const MEMO_SIZE = 1_000;

const compiled = new WeakMap<{ rules: Rule[] }, CompiledRule[]>();

/** The compiled rules of `config`, cached for as long as the configuration object lives. */
export function compileRules(config: { rules: Rule[] }): CompiledRule[] {
  let rules = compiled.get(config);
  if (!rules) {
    rules = config.rules.map((rule) => ({ rule, matchPath: rule.when.path === undefined ? null : pathMatcher(rule.when.path) }));
    compiled.set(config, rules);
  }
  return rules;
}

function pathMatcher(path: string): (pathname: string) => boolean {
  const compiled = PathMatcher.compile(path);
  // A configuration stored before the path syntax was narrowed may hold a pattern the matcher refuses:
  // its rule matches nothing rather than fall back to a matcher that can backtrack for seconds.
  if (!compiled.ok) return () => false;
  const pattern = compiled.matcher;
  let memo = new Map<string, boolean>();
  return (pathname) => {
    let hit = memo.get(pathname);
    if (hit === undefined) {
      hit = pattern.test(pathname);
      if (memo.size >= MEMO_SIZE) memo = new Map();
      memo.set(pathname, hit);
    }
    return hit;
  };
}

/** The pathname a rule's `path` is matched against: the pathname of `url` for downloads. */
export function pathOf(event: ScoredEvent): string | undefined {
  if (event.type !== 'download') return event.path;
  if (event.url === undefined) return undefined;
  try {
    return new URL(event.url, 'http://x').pathname;
  } catch {
    return undefined;
  }
}

/** Whether `event` is one the rule counts: same type, same event name, matching path. */
export function matchesRule(c: CompiledRule, event: ScoredEvent): boolean {
  const when = c.rule.when;
  if (when.type !== event.type) return false;
  if (when.name !== undefined && when.name !== event.name) return false;
  if (c.matchPath) {
    const pathname = pathOf(event);
    if (pathname === undefined || !c.matchPath(pathname)) return false;
  }
  return true;
}
