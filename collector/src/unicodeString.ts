// Strings that clients and marketers send must be well-formed Unicode. A lone surrogate (`"\uD800"` in JSON)
// turns into U+FFFD wherever text is encoded — TextEncoder before a lead id's HMAC, KV keys, webhook bodies —
// so two different strings would become one: `\uD800` and `\uDC00` named the same lead.
import { z } from 'zod';

/** The refusal of a string with a lone surrogate. */
export const NOT_WELL_FORMED = 'must be well-formed Unicode (no lone surrogates)';

// With the `u` flag a valid pair is one code point, so only a lone surrogate is in the category Cs.
const LONE_SURROGATE = /\p{Cs}/u;

/** Whether `s` holds no lone surrogate (String.prototype.isWellFormed, which ES2022 typings lack). */
export function isWellFormed(s: string): boolean {
  return !LONE_SURROGATE.test(s);
}

/** `z.string()` that refuses lone surrogates; chain `.min()`, `.max()` and the rest as usual. */
export function unicodeString(): z.ZodString {
  return z.string().refine(isWellFormed, NOT_WELL_FORMED);
}
