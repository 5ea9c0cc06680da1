// The id that makes an outcome idempotent when the client gives none (every CSV row without an `id`
// column): a hash of the lead, the outcome and its time, so the same row sent twice is recorded once.
import { normalizeLeadId } from '../lead/leadName';

/** `auto-` and 22 characters of base64url SHA-256 over (site, lead, outcome, at). */
export async function outcomeId(site: string, lead: string, outcome: string, at: number): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(`${site}\n${normalizeLeadId(lead)}\n${outcome}\n${at}`));
  const b64 = btoa(String.fromCharCode(...new Uint8Array(digest).slice(0, 16)));
  return `auto-${b64.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')}`;
}
