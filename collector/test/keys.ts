// Helpers of the API key tests: keys made through the admin routes, calls made with them, and the app's
// marketer routes filled in for one site.
import { SELF } from 'cloudflare:test';
import { app } from '../src/app';
import { ORIGIN } from './helpers';
import { api } from './marketer';

/** A key as `POST /v1/sites/:site/keys` returns it. */
export interface IssuedKey {
  id: string;
  site: string;
  name: string | null;
  scope: 'read' | 'write';
  masked: string;
  key: string;
  createdAt: string;
  rotatedAt: string | null;
  lastUsedAt: string | null;
}

/** Creates a key of `site` with the admin token. */
export async function createKey(site: string, scope: 'read' | 'write', name?: string): Promise<IssuedKey> {
  const res = await api(`/v1/sites/${site}/keys`, { method: 'POST', body: JSON.stringify({ scope, ...(name ? { name } : {}) }) });
  if (res.status !== 201) throw new Error(`POST keys: ${res.status} ${await res.text()}`);
  return res.json();
}

/** A call with `Authorization: Bearer <key>`. */
export function withKey(key: string, path: string, init: RequestInit = {}) {
  return SELF.fetch(`${ORIGIN}${path}`, { ...init, headers: { Authorization: `Bearer ${key}`, ...(init.headers as Record<string, string> | undefined) } });
}

/** A marketer route filled in for one site: `:site` and `?site=` name it, `:id` a lead or a key. */
export interface FilledRoute {
  method: string;
  /** The path as the app registers it. */
  route: string;
  /** The path to call. */
  path: string;
  body?: string;
}

/**
 * Every marketer route the app registers (not the two browser routes), for `site`: lead routes name
 * `lead`, key routes `keyId`. Writes carry a valid body, so that a refusal can only come from authorization.
 */
export function marketerRoutes(site: string, lead: string, keyId: string, config: unknown): FilledRoute[] {
  const seen = new Set<string>();
  return app.routes
    .filter((r) => r.method !== 'ALL' && r.path.startsWith('/v1/') && r.path !== '/v1/collect' && r.path !== '/v1/score')
    .filter((r) => !seen.has(`${r.method} ${r.path}`) && seen.add(`${r.method} ${r.path}`))
    .map((r) => {
      const id = r.path.includes('/keys/') ? keyId : encodeURIComponent(lead);
      const path = r.path.replace(':site', site).replace(':id', id) + (r.path.includes(':site') ? '' : `?site=${site}`);
      const body = r.method === 'PUT' ? JSON.stringify(config) : r.method === 'POST' && r.path.endsWith('/keys') ? JSON.stringify({ scope: 'read' }) : undefined;
      return { method: r.method, route: r.path, path, body };
    });
}
