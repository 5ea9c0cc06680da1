// The Worker's bindings; mirrors wrangler.toml.
import type { InsightsObject } from './insights/InsightsObject';
import type { LeadObject } from './lead/LeadObject';
import type { IndexObject } from './site/IndexObject';
import type { SiteObject } from './site/SiteObject';

/** Bindings of the one leadpulse Worker. */
export interface Env {
  /** Published scores and visitor → lead pointers, read by `GET /v1/score`. */
  SCORES: KVNamespace;
  /** One object per lead (or per anonymous visitor): its history, score and alarms. */
  LEADS: DurableObjectNamespace<LeadObject>;
  /** One object per site: its configuration. */
  SITES: DurableObjectNamespace<SiteObject>;
  /** INDEX_SHARDS objects per site: its lead index behind listings, and its web vitals. */
  INDEX: DurableObjectNamespace<IndexObject>;
  /** One object per site: its recorded outcomes and the counts behind insights, confidence and trend. */
  INSIGHTS: DurableObjectNamespace<InsightsObject>;
  /** The static assets: collector/public, or the demo site where DEMO_SITE is set (scripts/demoSite.mjs). */
  ASSETS: Fetcher;
  /** `true` serves the demo: site `demo` with its shipped configuration and `POST /demo/sign` (site/servesDemo.ts). */
  DEMO_SITE?: string;
  /**
   * Key of the keyed hash that turns lead ids into storage names: a secret, so it may be missing, and the
   * routes that need it refuse with 503 then (requireHashKey.ts).
   */
  HASH_KEY?: string;
  /** Bearer token of the marketer API; unset means the API refuses every call. */
  API_TOKEN?: string;
  /** Base delay of webhook retries in milliseconds (tests shorten it); default 30 s. */
  WEBHOOK_BASE_DELAY_MS?: string;
  /** `1`: count billed units inside the runtime (meter/meter.ts; the cost benchmark sets it). */
  METER?: string;
  /**
   * `true` admits plain-http webhooks to loopback receivers, for development only (tests and the
   * `wrangler dev` launchers set it); unset, webhooks must be https to a public host.
   */
  WEBHOOK_ALLOW_LOCAL?: string;
  /** Request budgets of the public routes (wrangler.toml `[[ratelimits]]`, middleware/abuseLimits.ts): per client address, with and without an Origin. */
  RL_ADDRESS?: RateLimit;
  RL_ADDRESS_NO_ORIGIN?: RateLimit;
  /** Per site, with and without an Origin. */
  RL_SITE?: RateLimit;
  RL_SITE_NO_ORIGIN?: RateLimit;
}
