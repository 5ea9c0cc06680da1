// Constant-time comparison of a presented bearer token with the configured one.

const encoder = new TextEncoder();

/** Workers' SubtleCrypto extension; the DOM typings of this repository's tsconfig do not know it. */
type WorkersSubtle = SubtleCrypto & { timingSafeEqual(a: ArrayBuffer, b: ArrayBuffer): boolean };

/**
 * Whether `presented` equals `expected`, in time independent of where they differ. Both are hashed
 * first: `crypto.subtle.timingSafeEqual` throws on inputs of different lengths, and comparing digests
 * also hides the token's length.
 * https://developers.cloudflare.com/workers/examples/protect-against-timing-attacks/
 */
export async function tokenMatches(presented: string, expected: string): Promise<boolean> {
  const [a, b] = await Promise.all([crypto.subtle.digest('SHA-256', encoder.encode(presented)), crypto.subtle.digest('SHA-256', encoder.encode(expected))]);
  return (crypto.subtle as WorkersSubtle).timingSafeEqual(a, b);
}
