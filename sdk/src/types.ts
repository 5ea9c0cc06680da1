// The SDK's public types: the payload is the documentation.

/** A lead's band: `hot` at or above the site's hot threshold, `warm` above the warm one, else `cold`. */
export type Band = 'cold' | 'warm' | 'hot';

/** A lead's score and band, as the collector answers. */
export interface Score {
  /** 0–100: the site's primary model's. */
  score: number;
  band: Band;
  /**
   * On a site with several models, every other model's score and band, by model id (`billing`, `fit`): in each
   * fresh reply, not in the first call from cache.
   */
  models?: Record<string, { score: number; band: Band }>;
}

/** Properties of a custom event or traits of a lead (at most 25; strings up to 512 characters). */
export type Props = Record<string, string | number | boolean | null>;

/** Options of `identify`. */
export interface IdentifyOptions {
  /**
   * The site's own server's proof that this visitor is `lead`: hex of HMAC-SHA256(the site's identify
   * secret, the lead id trimmed and, for an e-mail address, lower-cased). Sites require it unless their
   * configuration says `identify.signed: false` (docs/api.md).
   */
  signature?: string;
}

/** One event on the wire (SPEC.md §4). */
export interface LpEvent {
  /** 16 random bytes, base64url: a resend is never counted twice. */
  id: string;
  type: 'pageview' | 'visit' | 'download' | 'event' | 'engaged' | 'identify' | 'vitals';
  /** When it happened on the client, in milliseconds since the epoch. */
  ts: number;
  [field: string]: unknown;
}

/** Options of `init` (the script tag's data attributes). */
export interface Options {
  /** Site id (`data-site`). */
  site: string;
  /** Collector origin (`data-api`); default: the page's own origin for the module, the script's for the tag. */
  api?: string;
  /** Whether nothing may be stored or sent before `consent(true)` (`data-consent="required"`). */
  consentRequired?: boolean;
}

/** Core Web Vitals of a page, as the vitals add-on reports them. */
export interface Vitals {
  path: string;
  lcp?: number;
  inp?: number;
  cls?: number;
}
