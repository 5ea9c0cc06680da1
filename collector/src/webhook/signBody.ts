// The webhook signature of SPEC.md §6: `sha256=<hex HMAC-SHA256 of the body with the site's secret>`.

const encoder = new TextEncoder();

/** Hex HMAC-SHA256 of `body` keyed with `secret`, as the `X-Leadpulse-Signature` header carries it. */
export async function signBody(body: string, secret: string): Promise<string> {
  const key = await crypto.subtle.importKey('raw', encoder.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  const mac = new Uint8Array(await crypto.subtle.sign('HMAC', key, encoder.encode(body)));
  return `sha256=${Array.from(mac, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}
