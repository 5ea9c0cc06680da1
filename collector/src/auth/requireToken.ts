// Bearer-token guard of the marketer API (SPEC.md §6): 503 without a configured admin token, 401 without
// the admin token or a valid site API key. Who called is left for requireScope.ts to authorize.
import type { MiddlewareHandler } from 'hono';
import type { Env } from '../env';
import { errorJson } from '../errors';
import { siteObject } from '../objects';
import type { KeyScope } from '../site/KeyStore';
import { apiKeyDigest, KEY_PREFIX, parseApiKey } from './apiKey';
import { tokenMatches } from './tokenMatches';

/** Who made an authenticated request: the admin token (`API_TOKEN`), or an API key of one site. */
export type Caller = { kind: 'admin' } | { kind: 'key'; site: string; id: string; scope: KeyScope };

declare module 'hono' {
  interface ContextVariableMap {
    /** Set by requireToken for every authenticated marketer request. */
    caller: Caller;
  }
}

/** What a caller is told when the Worker has no API token. */
export const NO_TOKEN_MESSAGE =
  'the marketer API has no token configured: set API_TOKEN in .dev.vars at the repository root (npm start creates one) or run `npx wrangler secret put API_TOKEN`';

const BEARER = /^Bearer +([\x21-\x7e]+) *$/i;

/**
 * Requires `Authorization: Bearer <API_TOKEN>` or `Bearer lpk_<site>_<id>_<secret>` (a key the admin token
 * created, checked in its site's object: a revoked or rotated one fails at once). The API refuses every
 * call when no admin token is set rather than run open. Replies carry personal data, so they are never cached.
 */
export function requireToken(): MiddlewareHandler<{ Bindings: Env }> {
  return async function requireToken(c, next) {
    const expected = c.env.API_TOKEN;
    if (!expected) return errorJson(c, 503, 'api_token_not_configured', NO_TOKEN_MESSAGE);
    const header = c.req.header('Authorization');
    const refuse = (message: string) => {
      c.header('WWW-Authenticate', 'Bearer realm="leadpulse"');
      return errorJson(c, 401, 'unauthorized', message);
    };
    if (!header) return refuse('missing Authorization header: send Authorization: Bearer <API_TOKEN>');
    const match = BEARER.exec(header);
    if (!match) return refuse('malformed Authorization header: expected Bearer <API_TOKEN>');
    const token = match[1]!;
    if (await tokenMatches(token, expected)) {
      c.set('caller', { kind: 'admin' });
    } else if (token.startsWith(KEY_PREFIX)) {
      const key = parseApiKey(token);
      if (!key) return refuse('malformed API key: expected lpk_<site>_<12 hex digits>_<64 hex digits>');
      const scope = await siteObject(c.env, key.site).verifyKey(key.id, await apiKeyDigest(token), Date.now());
      if (!scope) return refuse('unknown, revoked or rotated API key');
      c.set('caller', { kind: 'key', site: key.site, id: key.id, scope });
    } else {
      return refuse('wrong API token');
    }
    await next();
    c.res.headers.set('Cache-Control', 'no-store');
    c.res.headers.set('X-Content-Type-Options', 'nosniff');
  };
}
