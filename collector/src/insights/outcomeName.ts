// Names of outcomes (`won`, `lost`, `demo_booked`) and the one a site's insights and lead confidence are about.
import { z } from 'zod';
import type { SiteConfig } from '../site/siteConfigSchema';

/** The outcome a site measures when its configuration names none. */
export const DEFAULT_OUTCOME = 'won';

/** An outcome's name: lower-case letters, digits and `_`, starting with a letter, up to 32 characters. */
export const outcomeName = z.string().regex(/^[a-z][a-z0-9_]{0,31}$/, 'must be 1 to 32 characters of [a-z0-9_], starting with a letter (won, lost, demo_booked)');

/** The outcome the site's insights and lead confidence are about. */
export function siteOutcome(config: Pick<SiteConfig, 'outcome'>): string {
  return config.outcome ?? DEFAULT_OUTCOME;
}
