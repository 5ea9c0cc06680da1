// The `lead.hot` webhook a lead object owes when its band rises to hot, and what its retries need.
import type { Band } from '../scoring/scoreLead';

/** A delivery still to make; `body` is kept as sent so that the id, time and signature match on every retry. */
export interface PendingWebhook {
  id: string;
  body: string;
  firstAt: number;
  attempts: number;
  nextAt: number;
}

/** The payload of SPEC.md §6. */
export interface HotPayload {
  id: string;
  type: 'lead.hot';
  site: string;
  lead: string;
  score: number;
  band: Band;
  at: string;
}

/** A new delivery for a lead that just turned hot, due at once. */
export function hotDelivery(site: string, lead: string, score: number, now: number): PendingWebhook {
  const id = `whd_${crypto.randomUUID().replace(/-/g, '')}`;
  const payload: HotPayload = { id, type: 'lead.hot', site, lead, score, band: 'hot', at: new Date(now).toISOString() };
  return { id, body: JSON.stringify(payload), firstAt: now, attempts: 0, nextAt: now };
}
