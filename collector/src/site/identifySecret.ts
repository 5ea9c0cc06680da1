// The identify secret in a site's configuration (issue 11): PUT generates one when a site that requires
// signatures has none, keeps the stored one unless another is given, and replies mask it like the webhook
// secret — except the reply of the PUT that generated it, the one time the collector shows it.
import { SECRET_MASK } from '../marketer/maskSecret';
import type { SiteConfig } from './siteConfigSchema';

/** Bytes of randomness in a generated secret (base64url, after the `lpis_` prefix that secret scanners can match). */
const SECRET_BYTES = 32;

/** A new identify secret: `lpis_` and 32 random bytes as base64url. */
export function generateIdentifySecret(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(SECRET_BYTES));
  return `lpis_${btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')}`;
}

/**
 * A PUT body with the stored identify secret where it sent the mask or no secret (a PUT that does not give
 * a new secret keeps the old one); null when it sent the mask and no secret is stored.
 */
export function keepIdentifySecret(body: unknown, stored: SiteConfig | undefined): unknown | null {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return body;
  const identify = (body as { identify?: unknown }).identify ?? {};
  if (typeof identify !== 'object' || identify === null || Array.isArray(identify)) return body;
  const secret = (identify as { secret?: unknown }).secret;
  if (secret !== undefined && secret !== SECRET_MASK) return body;
  const kept = stored?.identify?.secret;
  if (secret === SECRET_MASK && !kept) return null;
  if (!kept) return body;
  return { ...body, identify: { ...identify, secret: kept } };
}

/**
 * The configuration as PUT stores it: `identify.signed` true unless it says false (sites require
 * signatures unless their owner says otherwise), with a secret generated when a signed site has none.
 */
export function completeIdentify<C extends Pick<SiteConfig, 'identify'>>(config: C): { config: C; generated: boolean } {
  const signed = config.identify?.signed ?? true;
  const secret = config.identify?.secret ?? (signed ? generateIdentifySecret() : undefined);
  return { config: { ...config, identify: { signed, ...(secret ? { secret } : {}) } }, generated: secret !== undefined && secret !== config.identify?.secret };
}

/** The configuration with its identify secret masked. */
export function maskIdentifySecret<C extends Pick<SiteConfig, 'identify'>>(config: C): C {
  return config.identify?.secret ? { ...config, identify: { ...config.identify, secret: SECRET_MASK } } : config;
}
