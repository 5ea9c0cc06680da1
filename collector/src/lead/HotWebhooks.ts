// The `lead.hot` webhooks a lead object owes (SPEC.md §6): one delivery per rise to hot, re-armed when the
// lead falls below; deliveries are retried by the object's alarm with backoff until a day has passed. By
// default only identified leads are sent (sales cannot call a visitor id): an anonymous visitor's crossing
// is sent only with `webhook.anonymous`, and the lead it identifies as is sent when it turns hot (issue 15).
import type { ScoreResult } from '../scoring/scoreLead';
import { deliverToSite } from '../webhook/deliverToSite';
import { hotDelivery } from '../webhook/hotDelivery';
import { baseDelay, nextAttemptAt } from '../webhook/retrySchedule';
import { topReasons } from '../webhook/topReasons';
import type { ScoringState } from './objectState';
import type { StateStore } from './StateStore';

/** Deliveries a lead keeps at most; older ones are dropped when more crossings pile up. */
const MAX_PENDING_WEBHOOKS = 10;
/** How long an attempt in flight holds its delivery back from being started again. */
const WEBHOOK_LEASE_MS = 30_000;

/** The webhook duties of one lead object. */
export class HotWebhooks {
  constructor(
    private readonly store: StateStore,
    /** `WEBHOOK_BASE_DELAY_MS` of the Worker (tests shorten it). */
    private readonly baseDelayMs: string | undefined,
  ) {}

  /** Notes whether the lead is hot; a rise to hot owes the site's webhook one delivery, a fall re-arms it. */
  noteBand(s: ScoringState, result: ScoreResult, now: number): void {
    const isHot = result.band === 'hot';
    if (s.hot === isHot) return;
    const wasHot = s.hot ?? s.published?.band === 'hot';
    const config = this.store.config?.config;
    const hook = config?.webhook;
    const sends = isHot && !wasHot && hook && (s.kind === 'lead' || hook.anonymous === true);
    const owed = sends
      ? [hotDelivery({ site: s.site, lead: s.id, identified: s.kind === 'lead', score: result.score, traits: s.kind === 'lead' ? s.traits : {}, reasons: topReasons(result.contributions, config.rules) }, now, hook.format)]
      : [];
    const webhooks = [...(s.webhooks ?? []), ...owed].slice(-MAX_PENDING_WEBHOOKS);
    this.store.save({ ...s, hot: isHot, webhooks: webhooks.length ? webhooks : undefined });
  }

  /** Makes the due deliveries; a failed one is retried with backoff until a day has passed. */
  async deliver(now: number): Promise<void> {
    const s = this.store.state;
    const due = (s?.webhooks ?? []).filter((w) => w.nextAt <= now);
    if (!s || !due.length) return;
    // Leased while in flight, so that a beacon's rescheduling cannot start the same delivery twice.
    const ids = new Set(due.map((w) => w.id));
    this.store.save({ ...s, webhooks: s.webhooks!.map((w) => (ids.has(w.id) ? { ...w, nextAt: now + WEBHOOK_LEASE_MS } : w)) });
    const sent = await Promise.all(due.map((w) => deliverToSite(s.site, w.body, w.id)));
    // The state may have changed meanwhile (beacons, an erasure): apply the outcomes to the current one.
    const current = this.store.state;
    if (!current) return;
    const outcome = new Map(due.map((w, i) => [w.id, sent[i]]));
    const base = baseDelay(this.baseDelayMs);
    const after = Date.now();
    const webhooks = (current.webhooks ?? []).flatMap((w) => {
      if (!outcome.has(w.id)) return [w];
      // Delivered (true), or the site has no webhook any more or a refused one (null): nothing left to do.
      if (outcome.get(w.id) !== false) return [];
      const nextAt = nextAttemptAt(w.firstAt, w.attempts + 1, after, base);
      return nextAt === null ? [] : [{ ...w, attempts: w.attempts + 1, nextAt }];
    });
    this.store.save({ ...current, webhooks: webhooks.length ? webhooks : undefined });
  }
}
