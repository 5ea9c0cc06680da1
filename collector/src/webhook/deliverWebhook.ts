// One attempt at delivering a signed webhook; never throws, so a receiver's failure only schedules a retry.
import { signBody } from './signBody';
import { webhookUrlProblem } from './webhookUrlProblem';

/** How long one attempt may take before it counts as failed. */
const TIMEOUT_MS = 10_000;

/** A site's webhook target (its configuration's `webhook`), as the site's object hands it out. */
export interface WebhookTarget {
  url: string;
  secret: string;
}

/**
 * POSTs `body` signed with the target's secret: true when the receiver answered 2xx, false when the
 * attempt failed (retried later), null when the destination is refused (webhookUrlProblem.ts; checked
 * again here, at every attempt, and never retried). Redirects are not followed: a 3xx counts as a failure,
 * so a public receiver cannot bounce the POST to a refused destination.
 */
export async function deliverWebhook(target: WebhookTarget, body: string, deliveryId: string, allowLocal = false): Promise<boolean | null> {
  if (webhookUrlProblem(target.url, allowLocal)) return null;
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
