// The figures of one signal (a rule, or a key no rule covers) against the site's overall conversion rate:
// leads, conversions, rate, lift with its 95 % interval, and the points that lift suggests. Pure.
import type { SiteConfig } from '../site/siteConfigSchema';
import { wilson } from './wilson';

/** Fewest leads a signal needs before its figures are given. */
export const MIN_SIGNAL_LEADS = 30;
/** Fewest conversions a signal's leads must be expected to have at the overall rate (n × p ≥ 5). */
export const MIN_EXPECTED_CONVERSIONS = 5;
/** Fewest conversions of the outcome a site needs before any lift is given. */
export const MIN_SITE_CONVERSIONS = 10;
/** Fewest leads a site needs before any lift is given. */
export const MIN_SITE_LEADS = 100;
/** Suggested points stay within ±100, the width of the scale. */
const MAX_SUGGESTED = 100;

/** What the site as a whole shows: the base every lift is measured against. */
export interface Overall {
  leads: number;
  conversions: number;
  rate: number;
}

/** A signal's figures; `lift` and what follows are null when there is not enough data. */
export interface SignalFigures {
  leads: number;
  conversions: number;
  rate: number | null;
  lift: number | null;
  /** The 95 % Wilson interval of the rate, divided by the overall rate. */
  interval: { low: number; high: number } | null;
  suggestedPoints: number | null;
  status: 'ok' | 'not_enough_data';
  /** Why there are no figures; null when there are. */
  reason: string | null;
}

/** Why the site as a whole has too little data for any lift, or null. */
export function siteShortfall(o: Overall): string | null {
  if (o.conversions < MIN_SITE_CONVERSIONS) return `not enough data: the site needs ${MIN_SITE_CONVERSIONS} conversions, it has ${o.conversions}`;
  if (o.leads < MIN_SITE_LEADS) return `not enough data: the site needs ${MIN_SITE_LEADS} leads, it has ${o.leads}`;
  return null;
}

/**
 * Points per doubling of the conversion rate on the site's scale: half the distance from warm to hot, so
 * that a lead four times as likely to convert as a warm one reaches hot (at least 5).
 */
export function pointsPerDoubling(bands: SiteConfig['bands']): number {
  return Math.max(5, (bands.hot - bands.warm) / 2);
}

/**
 * The figures of a signal matched by `leads` leads of which `conversions` converted. Suggested points are
 * `pointsPerDoubling × log2(lift)`, with the rate taken as (conversions + ½) / (leads + 1) so that a
 * signal no converter had gets a large negative number rather than minus infinity.
 */
export function signalFigures(leads: number, conversions: number, overall: Overall, bands: SiteConfig['bands']): SignalFigures {
  const none = (reason: string): SignalFigures => ({ leads, conversions, rate: null, lift: null, interval: null, suggestedPoints: null, status: 'not_enough_data', reason });
  const site = siteShortfall(overall);
  if (site) return none(site);
  if (leads < MIN_SIGNAL_LEADS) return none(`not enough data: ${leads} leads matched, ${MIN_SIGNAL_LEADS} needed`);
  if (leads * overall.rate < MIN_EXPECTED_CONVERSIONS) {
    return none(`not enough data: ${leads} leads matched; at the overall rate fewer than ${MIN_EXPECTED_CONVERSIONS} conversions are expected among them`);
  }
  const rate = conversions / leads;
  const { low, high } = wilson(conversions, leads);
  const smoothed = (conversions + 0.5) / (leads + 1);
  const raw = pointsPerDoubling(bands) * Math.log2(smoothed / overall.rate);
  const suggestedPoints = Math.max(-MAX_SUGGESTED, Math.min(MAX_SUGGESTED, Math.round(raw)));
  return { leads, conversions, rate, lift: rate / overall.rate, interval: { low: low / overall.rate, high: high / overall.rate }, suggestedPoints, status: 'ok', reason: null };
}
