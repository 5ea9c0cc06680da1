// What a rule matches, in words: `page /pricing*`, `event webinar_signup`, `any download`.
import type { When } from './types';

const NOUNS: Record<string, string> = { pageview: 'page', download: 'download', event: 'event', visit: 'visit', identify: 'identified', engaged: 'time on page', vitals: 'web vitals' };

/** A short description of `when`. */
export function describeWhen(when: When): string {
  const noun = NOUNS[when.type] ?? when.type;
  if (when.path !== undefined) return `${noun} ${when.path}`;
  if (when.name !== undefined) return `${noun} ${when.name}`;
  return when.type === 'download' ? 'any download' : noun;
}
