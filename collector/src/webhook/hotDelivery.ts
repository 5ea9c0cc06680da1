// The `lead.hot` webhook a lead object owes when its band rises to hot, and what its retries need.
import type { HotPayload, HotReason } from './hotPayload';
import { slackMessage } from './slackMessage';
import type { WebhookFormat } from './webhookConfigSchema';

export type { HotPayload } from './hotPayload';

/** A delivery still to make; `body` is kept as sent so that the id, time and signature match on every retry. */
export interface PendingWebhook {
  id: string;
  body: string;
  firstAt: number;
  attempts: number;
  nextAt: number;
}

/** The lead a delivery is about. */
export interface HotLead {
  site: string;
  lead: string;
  identified: boolean;
  score: number;
  traits: HotPayload['traits'];
  reasons: HotReason[];
}

/** A new delivery for a lead that just turned hot, due at once, its body in `format` (default leadpulse's JSON). */
export function hotDelivery(hot: HotLead, now: number, format: WebhookFormat = 'json'): PendingWebhook {
  const id = `whd_${crypto.randomUUID().replace(/-/g, '')}`;
  const payload: HotPayload = { id, type: 'lead.hot', site: hot.site, lead: hot.lead, identified: hot.identified, score: hot.score, band: 'hot', at: new Date(now).toISOString(), traits: hot.traits, reasons: hot.reasons };
  const body = format === 'slack' ? slackMessage(payload) : payload;
  return { id, body: JSON.stringify(body), firstAt: now, attempts: 0, nextAt: now };
}
