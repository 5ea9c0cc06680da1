// The `lead.stage` webhook a lead object owes when its lifecycle stage changes (issue 13, docs/api.md#webhooks):
// delivered, signed and retried like `lead.hot` (HotWebhooks.ts).
import type { Band } from '../scoring/scoreLead';
import type { PendingWebhook } from './hotDelivery';

/** The payload of `lead.stage`. */
export interface StagePayload {
  id: string;
  type: 'lead.stage';
  site: string;
  lead: string;
  stage: string;
  /** The stage before; null for the lead's first. */
  from: string | null;
  /** What moved it: its scores (`rules`) or the marketer API (`api`). */
  by: 'rules' | 'api';
  score: number;
  band: Band;
  at: string;
}

/** A new delivery for a lead whose stage just changed, due at once. */
export function stageDelivery(p: Omit<StagePayload, 'id' | 'type' | 'at'>, now: number): PendingWebhook {
  const id = `whd_${crypto.randomUUID().replace(/-/g, '')}`;
  const payload: StagePayload = { id, type: 'lead.stage', ...p, at: new Date(now).toISOString() };
  return { id, body: JSON.stringify(payload), firstAt: now, attempts: 0, nextAt: now };
}
