// The origin check of the browser routes (SPEC.md §4): a browser may send for a site only from one of the
// site's origins or the collector's own; servers send no Origin header and are accepted.
import { ApiError } from '../errors';

/**
 * Refuses a browser origin that is neither one of the site's nor the collector's own (that of `url`).
 * The site's list is checked first: it spares most beacons parsing their URL.
 */
export function assertOrigin(origin: string | undefined, url: string, allowed: readonly string[]): void {
  if (origin === undefined || allowed.includes(origin) || origin === new URL(url).origin) return;
  throw new ApiError(403, 'forbidden_origin', `origin ${origin} is not allowed for this site`);
}
