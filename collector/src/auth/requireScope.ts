// Authorization of the marketer API: the admin token may do everything; a site's API key reaches only its
// own site's routes — GETs with `read`, every method with `write` — and never key management.
import type { MiddlewareHandler } from 'hono';
import { tryDecodeURIComponent } from 'hono/utils/url';
import type { Env } from '../env';
import { errorJson } from '../errors';

/** What a marketer route requires of an API key: its scope, or the admin token. */
export type Requirement = 'read' | 'write' | 'admin';

/** Key management: `/v1/sites/:site/keys` and below. */
const KEY_ROUTES = /^\/v1\/sites\/[^/]+\/keys(?:\/|$)/;
/** Routes that name their site in the path (`/v1/sites/:site/…`) rather than in `?site=`. */
const SITE_IN_PATH = /^\/v1\/sites\/([^/]+)/;

/**
 * What a request needs, from its method and path alone, so that every marketer route — and any added
 * later — is covered: key management needs the admin token; GET and HEAD need `read`; anything else `write`.
 */
export function requiredScope(method: string, path: string): Requirement {
  if (KEY_ROUTES.test(path)) return 'admin';
  return method === 'GET' || method === 'HEAD' ? 'read' : 'write';
}

/**
 * The site a request names, read as the routes read it: the `:site` path segment, decoded as Hono decodes
 * params, or the first `site` of the query (what `c.req.query()` gives the routes' validation).
 */
function requestSite(path: string, query: Record<string, string>): string | undefined {
  const inPath = SITE_IN_PATH.exec(path);
  return inPath ? tryDecodeURIComponent(inPath[1]!) : query.site;
}

/** Refuses with 403 what the caller's key may not do; runs after requireToken. */
export function requireScope(): MiddlewareHandler<{ Bindings: Env }> {
  return async function requireScope(c, next) {
    const caller = c.get('caller');
    if (caller?.kind === 'admin') return next();
    if (!caller) return errorJson(c, 401, 'unauthorized', 'not authenticated');
    const needs = requiredScope(c.req.method, c.req.path);
    if (needs === 'admin') return errorJson(c, 403, 'admin_only', 'managing API keys needs the admin token (API_TOKEN), not an API key');
    const site = requestSite(c.req.path, c.req.query());
    if (site !== caller.site) {
      return errorJson(c, 403, 'forbidden_site', `this API key belongs to site '${caller.site}'; ${site === undefined ? 'the request names no site' : `it cannot reach site '${site}'`}`);
    }
    if (needs === 'write' && caller.scope !== 'write') {
      return errorJson(c, 403, 'insufficient_scope', `this API key has read scope; ${c.req.method} needs a key with write scope`);
    }
    await next();
  };
}
