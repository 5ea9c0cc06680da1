// Per-site API keys: `lpk_<site>_<id>_<secret>`, naming the site and the key so that checking one takes a
// single lookup in that site's object, with a 256-bit random secret of which only a SHA-256 digest is kept.

/** What every key starts with; an admin token never needs to. */
export const KEY_PREFIX = 'lpk_';
/** A key id: 12 hex digits, unique within its site. */
export const KEY_ID = /^[0-9a-f]{12}$/;
/** Fixed-length id and secret make the split unambiguous though site names may contain `_`. */
const KEY = /^lpk_([a-z0-9][a-z0-9_-]{0,63})_([0-9a-f]{12})_([0-9a-f]{64})$/;

/** The parts of a well-formed key, or null. */
export function parseApiKey(token: string): { site: string; id: string } | null {
  const m = KEY.exec(token);
  return m ? { site: m[1]!, id: m[2]! } : null;
}

const hex = (bytes: Uint8Array) => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');

/**
 * Hex SHA-256 of the whole key: what the site's object stores and compares. A plain hash suffices (no
 * slow KDF): the secret is 256 random bits, not a password.
 */
export async function apiKeyDigest(key: string): Promise<string> {
  return hex(new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(key))));
}

/** A new key of `site` (with `id`, or a new one): the key, shown once, its digest and the tail lists show. */
export async function mintApiKey(site: string, id = hex(crypto.getRandomValues(new Uint8Array(6)))): Promise<{ id: string; key: string; digest: string; tail: string }> {
  const key = `${KEY_PREFIX}${site}_${id}_${hex(crypto.getRandomValues(new Uint8Array(32)))}`;
  return { id, key, digest: await apiKeyDigest(key), tail: key.slice(-4) };
}

/** How lists show a key: its site and id, and the last four digits of its secret. */
export function maskedApiKey(site: string, id: string, tail: string): string {
  return `${KEY_PREFIX}${site}_${id}_…${tail}`;
}
