// Names of the per-lead Durable Objects. Lead ids are personal data, so they are named by a keyed hash.

/** Normalizes a lead id: trimmed, lower-cased when it is an e-mail address. */
export function normalizeLeadId(lead: string): string {
  const id = lead.trim();
  return id.includes('@') ? id.toLowerCase() : id;
}

const keys = new Map<string, Promise<CryptoKey>>();

function hmacKey(secret: string): Promise<CryptoKey> {
  let key = keys.get(secret);
  if (!key) {
    key = crypto.subtle.importKey('raw', new TextEncoder().encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
    keys.set(secret, key);
  }
  return key;
}

function base64url(bytes: ArrayBuffer): string {
  return btoa(String.fromCharCode(...new Uint8Array(bytes)))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
}

/** The object name of an anonymous visitor's own history. */
export function visitorObjectName(site: string, visitor: string): string {
  return `${site}/v/${visitor}`;
}

/**
 * The object name of an identified lead: `site/l/<HMAC-SHA256(site, lead id)>`. Throws without a key
 * (routes check it first, requireHashKey.ts): a name hashed with an empty key would be guessable.
 */
export async function leadObjectName(secret: string | undefined, site: string, lead: string): Promise<string> {
  if (!secret) throw new Error('HASH_KEY is not set');
  const mac = await crypto.subtle.sign('HMAC', await hmacKey(secret), new TextEncoder().encode(`${site}\n${normalizeLeadId(lead)}`));
  return `${site}/l/${base64url(mac).slice(0, 32)}`;
}

/** KV key of a lead object's published score. */
export const scoreKey = (objectName: string) => `s:${objectName}`;
/** KV key of a visitor's pointer to the lead it was identified as. */
export const pointerKey = (site: string, visitor: string) => `p:${site}/${visitor}`;
