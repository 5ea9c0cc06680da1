// Whether a lead matches a fit rule (docs/scoring.md#fit-rules): a test of one trait, or of the domain of
// the lead's e-mail address. Pure: the traits and the lead id come in the arguments.
import type { TraitValue } from '../lead/storedEvent';
import type { FitWhen } from '../site/modelsSchema';
import { FREE_MAIL_DOMAINS } from './freeMailDomains';

/** Who a fit model scores: the lead id given to identify (empty for a visitor) and the lead's traits. */
export interface FitSubject {
  id: string;
  traits: Readonly<Record<string, TraitValue>>;
}

const NUMERIC = /^\s*-?\d+(\.\d+)?\s*$/;

/** A trait as a number for comparisons: a number, or a string that is one (form fields send strings). */
function numeric(v: TraitValue | undefined): number | undefined {
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && NUMERIC.test(v)) return Number(v);
  return undefined;
}

/** Equality of a trait and a configured value: strings without regard to case or surrounding spaces. */
function same(v: TraitValue | undefined, want: string | number | boolean): boolean {
  if (typeof want === 'string') return typeof v === 'string' && v.trim().toLowerCase() === want.trim().toLowerCase();
  if (typeof want === 'number') return numeric(v) === want;
  return v === want;
}

/** The domain of the lead's e-mail address: the lead id when it is one, else the trait `email`; lower case. */
export function emailDomainOf(s: FitSubject): string | undefined {
  const email = s.id.includes('@') ? s.id : Object.hasOwn(s.traits, 'email') ? s.traits.email : undefined;
  if (typeof email !== 'string') return undefined;
  const at = email.lastIndexOf('@');
  return at < 0 ? undefined : email.slice(at + 1).trim().toLowerCase() || undefined;
}

/** Whether `domain` matches a pattern: `example.com` itself, `*.example.com` any of its subdomains. */
function domainMatches(domain: string, pattern: string): boolean {
  return pattern.startsWith('*.') ? domain.endsWith(pattern.slice(1)) : domain === pattern;
}

/** Whether the lead matches a fit rule's `when`. */
export function matchesFit(when: FitWhen, s: FitSubject): boolean {
  if (when.emailDomain) {
    const domain = emailDomainOf(s);
    return domain !== undefined && when.emailDomain.some((p) => domainMatches(domain, p));
  }
  if (when.freeEmail !== undefined) {
    const domain = emailDomainOf(s);
    return domain !== undefined && FREE_MAIL_DOMAINS.has(domain) === when.freeEmail;
  }
  const v = Object.hasOwn(s.traits, when.trait!) ? s.traits[when.trait!] : undefined;
  if (when.exists !== undefined) return (v !== undefined && v !== null && v !== '') === when.exists;
  if (when.eq !== undefined) return same(v, when.eq);
  if (when.in) return when.in.some((want) => same(v, want));
  const n = numeric(v);
  if (n === undefined) return false;
  return (when.gte === undefined || n >= when.gte) && (when.gt === undefined || n > when.gt) && (when.lte === undefined || n <= when.lte) && (when.lt === undefined || n < when.lt);
}
