// Finds a lead from the id a marketer knows: the lead id given to identify, or a visitor id (which
// leads to its lead once identified). Always asks the objects, never KV, so the answer is fresh.
import { VISITOR_ID } from '../collectSchema';
import type { Env } from '../env';
import { leadObjectName, visitorObjectName } from '../leadName';
import type { LeadDetails } from '../storage/LeadObject';
import type { VersionedConfig } from '../storage/SiteObject';

/** How many recent events a lead's details carry. */
export const RECENT_EVENTS = 100;

/** The lead `id` of `site`, scored now, or null when there is none. */
export async function findLead(env: Env, site: string, id: string, config: VersionedConfig, now: number): Promise<LeadDetails | null> {
  const details = (name: string) => env.LEADS.get(env.LEADS.idFromName(name)).details(config, now, RECENT_EVENTS);
  const lead = await details(await leadObjectName(env.HASH_KEY, site, id));
  if (lead && !('pointer' in lead)) return lead;
  if (!VISITOR_ID.test(id)) return null;
  const own = await details(visitorObjectName(site, id));
  if (!own || !('pointer' in own)) return own;
  const merged = await details(own.pointer);
  return merged && !('pointer' in merged) ? merged : null;
}
