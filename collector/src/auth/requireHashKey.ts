// Refuses, with 503, the routes that name leads when the Worker has no HASH_KEY (a secret, not a var):
// hashing lead ids without a key would name objects by a guessable hash (SPEC.md §5).
import type { MiddlewareHandler } from 'hono';
import type { Env } from '../env';
import { errorJson } from '../errors';

/** What a caller is told when the Worker has no hash key. */
export const NO_HASH_KEY_MESSAGE =
  'the collector has no HASH_KEY, the key that names leads by a keyed hash: set HASH_KEY in .dev.vars (npm start creates it) or npx wrangler secret put HASH_KEY';

/** Answers 503 `hash_key_not_configured` unless `HASH_KEY` is set. */
export function requireHashKey(): MiddlewareHandler<{ Bindings: Env }> {
  return async function requireHashKey(c, next) {
    if (!c.env.HASH_KEY) return errorJson(c, 503, 'hash_key_not_configured', NO_HASH_KEY_MESSAGE);
    await next();
  };
}
