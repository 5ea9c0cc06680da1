// The SDK's public types: the payload is the documentation.

/** A lead's score and band, as the collector answers. */
export interface Score {
  score: number;
  band: 'cold' | 'warm' | 'hot';
}

/** Properties of a custom event or traits of a lead. */
export type Props = Record<string, string | number | boolean | null>;

/** One event on the wire (SPEC.md §4). */
export interface LpEvent {
  id: string;
  type: 'pageview' | 'visit' | 'download' | 'event' | 'engaged' | 'identify' | 'vitals';
  ts: number;
  [field: string]: unknown;
}

/** Options of `init`. */
export interface Options {
  /** Site id (the script tag's `data-site`). */
  site: string;
  /** Collector origin; default: the script's own origin. */
  api?: string;
  /** Whether nothing may be stored or sent before `consent(true)`. */
  consentRequired?: boolean;
}
