// `leadpulse/server`: reads a visitor's published score from `GET /v1/score`, for a site's own server or edge
// middleware (Node 18+, Deno, Bun, Workers: anything with fetch). Personalization must never slow or break a page,
// so every failure (a malformed id, an unknown site, a slow or unreachable collector, a reply out of contract)
// reads cold, and nothing here throws.
import type { Band, Score } from './types.js';

export type { Band, Score };

/** Options of `scoreOf` and `bandOf`. */
export interface ServerOptions {
  /** The collector's origin, e.g. `https://collector.example.com` (a server has no page origin to default to). */
  api: string;
  /** Milliseconds to wait for the reply before reading cold; default 300. */
  timeout?: number;
}

/** The answer to any failure: what the collector says of a visitor it does not know. */
const COLD: Score = { score: 0, band: 'cold' };
const BANDS: readonly unknown[] = ['cold', 'warm', 'hot'];
/** Ids the collector accepts (docs/api.md, "Common values"); anything else would only cost a 400. */
const SITE = /^[a-z0-9][a-z0-9_-]{0,63}$/;
const VISITOR = /^[A-Za-z0-9_-]{16,64}$/;

/**
 * The published score and band of `visitor` on `site` (the `data-site` of the page's script tag). Reads
 * `{score: 0, band: 'cold'}` when the visitor is unknown to that site, the id is malformed or missing, or the
 * collector does not answer well within `timeout`. Never throws.
 */
export async function scoreOf(site: string, visitor: string | null | undefined, options: ServerOptions): Promise<Score> {
  try {
    if (!SITE.test(site) || !VISITOR.test(visitor ?? '')) return COLD;
    const url = `${options.api.replace(/\/+$/, '')}/v1/score?site=${site}&visitor=${visitor}`;
    // The timeout covers the body too: the signal aborts a reply that stalls half-way.
    const res = await fetch(url, { signal: AbortSignal.timeout(options.timeout ?? 300) });
    if (!res.ok) return COLD;
    const { score, band } = (await res.json()) as Score;
    return Number.isInteger(score) && score >= 0 && score <= 100 && BANDS.includes(band) ? { score, band } : COLD;
  } catch {
    return COLD;
  }
}

/** The band (`cold`, `warm` or `hot`) of `visitor` on `site`; `cold` on any failure, as `scoreOf`. Never throws. */
export async function bandOf(site: string, visitor: string | null | undefined, options: ServerOptions): Promise<Band> {
  return (await scoreOf(site, visitor, options)).band;
}

/**
 * The visitor id in a `Cookie` header, from a first-party cookie the page sets with the SDK's id (`lp_vid` by
 * default, see docs/personalization.md); `undefined` when absent or malformed.
 */
export function visitorOf(cookieHeader: string | null | undefined, name = 'lp_vid'): string | undefined {
  for (const part of (cookieHeader ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() == name) {
      const value = part.slice(eq + 1).trim();
      return VISITOR.test(value) ? value : undefined;
    }
  }
  return undefined;
}
