// The Worker's bindings; mirrors wrangler.toml.
import type { InsightsObject } from './insights/InsightsObject';
import type { LeadObject } from './lead/LeadObject';
import type { SiteObject } from './site/SiteObject';

/** Bindings of the one leadpulse Worker. */
export interface Env {
  /** Published scores and visitor → lead pointers, read by `GET /v1/score`. */
  SCORES: KVNamespace;
  /** One object per lead (or per anonymous visitor): its history, score and alarms. */
  LEADS: DurableObjectNamespace<LeadObject>;
  /** One object per site: its configuration and the lead index behind listings. */
  SITES: DurableObjectNamespace<SiteObject>;
  /** One object per site: its recorded outcomes and the counts behind insights, confidence and trend. */
  INSIGHTS: DurableObjectNamespace<InsightsObject>;
  /** The demo site's static assets. */
  ASSETS: Fetcher;
  /**
   * Key of the keyed hash that turns lead ids into storage names: a secret, so it may be missing, and the
   * routes that need it refuse with 503 then (requireHashKey.ts).
   */
  HASH_KEY?: string;
  /** Bearer token of the marketer API; unset means the API refuses every call. */
  API_TOKEN?: string;
  /** Base delay of webhook retries in milliseconds (tests shorten it); default 30 s. */
  WEBHOOK_BASE_DELAY_MS?: string;
}
