// Signed identify (issue 11): a site's own server signs the lead id with the site's identify secret, the
// page passes the signature with `identify`, and the collect route checks it before any object sees the
// event. An identify that fails is dropped there: it never links the visitor, never reveals the lead's
// score and never sets a trait; the visitor's own history stays as it was.
import { tokenMatches } from '../auth/tokenMatches';
import type { ClientEvent } from '../collectSchema';
import type { Env } from '../env';
import type { SiteConfig } from '../site/siteConfigSchema';
import { normalizeLeadId } from './leadName';

const encoder = new TextEncoder();
/** Imported HMAC keys by secret; bounded, since beacons may name any site. */
const keys = new Map<string, Promise<CryptoKey>>();
const MAX_KEYS = 1_000;

function hmacKey(secret: string): Promise<CryptoKey> {
  let key = keys.get(secret);
  if (!key) {
    if (keys.size >= MAX_KEYS) keys.clear();
    key = crypto.subtle.importKey('raw', encoder.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
    keys.set(secret, key);
  }
  return key;
}

async function hmac(secret: string, message: string): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.sign('HMAC', await hmacKey(secret), encoder.encode(message)));
}

const hex = (bytes: Uint8Array) => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');

/** The signature of `lead` under `secret`: hex of HMAC-SHA256(secret, normalized lead id), as a site's server computes it. */
export async function identifySignature(secret: string, lead: string): Promise<string> {
  return hex(await hmac(secret, normalizeLeadId(lead)));
}

/** Whether identifies on a site need a signature: yes unless its configuration says `identify.signed: false`. */
export function identifyRequiresSignature(config: SiteConfig): boolean {
  return config.identify?.signed !== false;
}

/**
 * The site's identify secret: the configured one. A signed site without one — only the shipped demo
 * configuration, since PUT stores a generated secret — uses one derived from HASH_KEY, known to the Worker
 * alone (the demo's `/demo/sign` signs with it). Null: the site accepts unsigned identifies and has no secret.
 */
export async function identifySecret(env: Pick<Env, 'HASH_KEY'>, site: string, config: SiteConfig): Promise<string | null> {
  if (config.identify?.secret) return config.identify.secret;
  if (!identifyRequiresSignature(config) || !env.HASH_KEY) return null;
  const derived = await hmac(env.HASH_KEY, `leadpulse identify secret\n${site}`);
  return btoa(String.fromCharCode(...derived)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/**
 * The beacon's events without the identifies that fail the site's proof, and how many were dropped. A
 * signed site needs a valid `sig`; on any site a `sig` that is given must be valid when there is a secret
 * to check it with. Signatures are compared in constant time (digests of both, tokenMatches.ts) and never
 * stored: a kept identify loses its `sig`, so that no history holds a reusable proof.
 */
export async function verifyIdentifies(events: ClientEvent[], site: string, config: SiteConfig, env: Pick<Env, 'HASH_KEY'>): Promise<{ events: ClientEvent[]; refused: number }> {
  if (!events.some((e) => e.type === 'identify')) return { events, refused: 0 };
  const required = identifyRequiresSignature(config);
  const secret = await identifySecret(env, site, config);
  const kept: ClientEvent[] = [];
  for (const e of events) {
    if (e.type !== 'identify') {
      kept.push(e);
      continue;
    }
    const { sig, ...event } = e;
    const valid = sig !== undefined && secret !== null ? await tokenMatches(sig.toLowerCase(), await identifySignature(secret, event.lead)) : !required;
    if (valid) kept.push(event);
  }
  return { events: kept, refused: events.length - kept.length };
}
