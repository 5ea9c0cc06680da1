// A rule's `when` as insights count it: rules with the same `when` match the same leads, whatever their
// points, so counts are kept per `when` and survive a change of points (the dashboard's "apply").
import { compileRules, matchesRule, type CompiledRule } from '../scoring/compileRules';
import type { Rule, SiteConfig } from '../site/siteConfigSchema';
import { keyEvent } from './signalKey';

/** What a rule matches. */
export type When = Rule['when'];

/** Event types insights count keys of (signalKey.ts); rules of other types get no figures. */
export const COUNTED_TYPES: ReadonlySet<string> = new Set(['pageview', 'download', 'event', 'visit', 'identify']);

/** The stable text of a `when` (fields in one order). */
export function ruleSignature(when: When): string {
  return JSON.stringify({ type: when.type, ...(when.path !== undefined ? { path: when.path } : {}), ...(when.name !== undefined ? { name: when.name } : {}) });
}

/** The signatures insights count for `config`: one per distinct `when` of a counted type. */
export function countedSignatures(config: Pick<SiteConfig, 'rules'>): string[] {
  return [...new Set(config.rules.filter((r) => COUNTED_TYPES.has(r.when.type)).map((r) => ruleSignature(r.when)))];
}

/** Matches signal keys against a set of signatures. */
export class SignatureMatcher {
  private readonly compiled: CompiledRule[];

  constructor(readonly signatures: readonly string[]) {
    const config = { origins: [], bands: { warm: 0, hot: 0 }, rules: signatures.map((sig, i) => ({ id: `r${i}`, when: JSON.parse(sig) as When, points: 0 })) } as SiteConfig;
    this.compiled = compileRules(config);
  }

  /** The signatures that match `key`. */
  matching(key: string): string[] {
    const e = keyEvent(key);
    const out: string[] = [];
    this.compiled.forEach((c, i) => {
      if (matchesRule(c, e)) out.push(this.signatures[i]!);
    });
    return out;
  }

  /** Whether any signature matches `key`. */
  covers(key: string): boolean {
    const e = keyEvent(key);
    return this.compiled.some((c) => matchesRule(c, e));
  }
}
