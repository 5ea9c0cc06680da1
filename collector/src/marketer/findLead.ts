// Finds a lead from the id a marketer knows: the lead id given to identify, or a visitor id (which
// leads to its lead once identified). Always asks the objects, never KV, so the answer is fresh.
import { VISITOR_ID } from '../collectSchema';
import type { Env } from '../env';
import { ApiError } from '../errors';
import { leadObjectName, visitorObjectName } from '../lead/leadName';
import { leadObject } from '../objects';
import type { LeadDetails } from '../lead/LeadDetails';
import type { VersionedConfig } from '../site/versionedConfig';

/** How many recent events a lead's details carry. */
export const RECENT_EVENTS = 100;

/**
 * The lead `id` of `site`, scored now, or null when there is none. `kind` says whether `id` is a lead
 * id or a visitor id; without it, an id that names both (any visitor can identify as another visitor's
 * id) is refused with 409 `ambiguous_id` rather than let the lead shadow the visitor.
 */
export async function findLead(env: Env, site: string, id: string, config: VersionedConfig, now: number, kind?: 'lead' | 'visitor'): Promise<LeadDetails | null> {
  const details = async (name: string) => leadObject(env, name).details(config, now, RECENT_EVENTS);
  const asLead = async () => {
    const lead = await details(await leadObjectName(env.HASH_KEY, site, id));
    return lead && !('pointer' in lead) ? lead : null;
  };
  const asVisitor = async () => {
    if (!VISITOR_ID.test(id)) return null;
    const own = await details(visitorObjectName(site, id));
    if (!own || !('pointer' in own)) return own;
    const merged = await details(own.pointer);
    return merged && !('pointer' in merged) ? merged : null;
  };
  const [lead, visitor] = await Promise.all([kind === 'visitor' ? null : asLead(), kind === 'lead' ? null : asVisitor()]);
  if (lead && visitor && lead.name !== visitor.name) {
    throw new ApiError(409, 'ambiguous_id', `'${id}' is both a lead id and a visitor id on site '${site}': add kind=lead or kind=visitor to the query`);
  }
  return lead ?? visitor;
}
