// The configuration of a site a marketer route names, read fresh; 404 for an unknown site.
import type { Env } from '../env';
import { ApiError } from '../errors';
import { getSiteConfig } from '../site/siteConfig';
import type { VersionedConfig } from '../site/versionedConfig';

/** The site's current configuration, or a 404 `unknown_site` error. */
export async function requireSite(env: Env, site: string): Promise<VersionedConfig> {
  const config = await getSiteConfig(env, site, true);
  if (!config) throw new ApiError(404, 'unknown_site', `unknown site '${site}'`);
  return config;
}
