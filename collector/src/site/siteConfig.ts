// Reads a site's configuration from its SiteObject, with a short per-isolate cache for the beacon path: the
// configuration and its revision are kept TTL_MS, and while one beacon reads a newer copy the others go on
// with the cached one, so that the site's object answers about one read per isolate per TTL_MS however
// many beacons the site gets (issue 14; the arithmetic is in docs/performance.md). No promise is shared
// between requests: workerd ties a promise to the request that made it.
import type { Env } from '../env';
import { siteObject } from '../objects';
import type { VersionedConfig } from './versionedConfig';

/** How long a configuration read stays cached in this isolate for beacons. */
const TTL_MS = 5_000;
/**
 * How long "unknown site" stays cached: briefly, because a site created by a PUT that another isolate
 * served should work soon everywhere, while a burst of beacons for an unknown site still costs one read.
 */
const UNKNOWN_TTL_MS = 1_000;
/** Most sites cached per isolate; beyond it the oldest entry goes (beacons may name any site). */
const MAX_ENTRIES = 1_000;
/** How long other beacons wait on one refresh before one of them reads again (its request may have been cancelled). */
const REFRESH_MS = 5_000;
/** `refreshing`: when a beacon started reading a newer copy. */
const cache = new Map<string, { value: VersionedConfig | null; at: number; refreshing?: number }>();

/**
 * The configuration of `site`, or null when the site is unknown. `fresh` skips the cache (marketer
 * reads must reflect a change at once); beacons accept a few seconds of staleness.
 */
export async function getSiteConfig(env: Env, site: string, fresh = false): Promise<VersionedConfig | null> {
  const now = Date.now();
  const hit = cache.get(site);
  if (!fresh && hit && ((hit.refreshing !== undefined && now - hit.refreshing < REFRESH_MS) || now - hit.at < (hit.value ? TTL_MS : UNKNOWN_TTL_MS))) return hit.value;
  if (hit) hit.refreshing = now;
  let value: VersionedConfig | null;
  try {
    value = await siteObject(env, site).getConfig(site);
  } catch (err) {
    if (hit) hit.refreshing = undefined;
    throw err;
  }
  // A read that overtook this one may have cached a newer revision: a revision never goes back.
  const newer = cache.get(site)?.value;
  if (newer && value && newer.rev > value.rev) value = newer;
  // Re-inserted, so that the Map's order is the order of the reads and its first entry the oldest.
  cache.delete(site);
  cache.set(site, { value, at: now });
  if (cache.size > MAX_ENTRIES) cache.delete(cache.keys().next().value!);
  return value;
}

/** Drops the cached configuration of `site` (after it was replaced). */
export function forgetSiteConfig(site: string): void {
  cache.delete(site);
}
