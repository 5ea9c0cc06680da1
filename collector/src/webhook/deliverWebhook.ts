// One attempt at delivering a signed webhook; never throws, so a receiver's failure only schedules a retry.
import { signBody } from './signBody';

/** How long one attempt may take before it counts as failed. */
const TIMEOUT_MS = 10_000;

/** A site's webhook target (its configuration's `webhook`). */
export interface WebhookTarget {
  url: string;
  secret: string;
}

/** POSTs `body` signed with the target's secret; true when the receiver answered 2xx. */
export async function deliverWebhook(target: WebhookTarget, body: string, deliveryId: string): Promise<boolean> {
  try {
    const res = await fetch(target.url, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        'User-Agent': 'leadpulse-webhook/1',
        'X-Leadpulse-Delivery': deliveryId,
        'X-Leadpulse-Signature': await signBody(body, target.secret),
      },
      body,
      redirect: 'manual',
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    await res.body?.cancel();
    return res.ok;
  } catch {
    return false;
  }
}
