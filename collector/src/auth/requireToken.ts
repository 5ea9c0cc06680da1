// Bearer-token guard of the marketer API (SPEC.md §6): 503 without a configured token, 401 without the right one.
import type { MiddlewareHandler } from 'hono';
import type { Env } from '../env';
import { errorJson } from '../errors';
import { tokenMatches } from './tokenMatches';

/** What a caller is told when the Worker has no API token. */
export const NO_TOKEN_MESSAGE =
  'the marketer API has no token configured: set API_TOKEN in .dev.vars at the repository root (npm start creates one) or run `npx wrangler secret put API_TOKEN`';

const BEARER = /^Bearer +([\x21-\x7e]+) *$/i;

/**
 * Requires `Authorization: Bearer <API_TOKEN>`. The API refuses every call when no token is set rather
 * than run open. Replies carry personal data, so they are never cached.
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
    if (!(await tokenMatches(match[1]!, expected))) return refuse('wrong API token');
    await next();
    c.res.headers.set('Cache-Control', 'no-store');
    c.res.headers.set('X-Content-Type-Options', 'nosniff');
  };
}
