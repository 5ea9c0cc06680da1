// Finds the lead an outcome names, as findLead.ts does for the marketer API — the lead id given to
// identify, or a visitor id (which leads to its lead once identified) — and asks its object what it had
// before the outcome (LeadObject.signalsBefore): one call for an e-mail address or CRM id.
import { VISITOR_ID } from '../collectSchema';
import type { Env } from '../env';
import { leadObjectName, visitorObjectName } from '../lead/leadName';
import type { SignalsBefore } from '../lead/signalsBefore';
import { leadObject } from '../objects';
import type { VersionedConfig } from '../site/versionedConfig';

/** A lead's object name with what it had before the outcome and has now. */
export type ResolvedLead = SignalsBefore & { name: string; rev: number };

/** The lead `id` names and its history before `at`; 'unknown', or 'ambiguous' for an id naming a lead and another visitor. */
export async function resolveOutcomeLead(env: Env, site: string, id: string, kind: 'lead' | 'visitor' | undefined, at: number, config: VersionedConfig): Promise<ResolvedLead | 'unknown' | 'ambiguous'> {
  const ask = async (name: string): Promise<ResolvedLead | null> => {
    const r = await leadObject(env, name).signalsBefore(at, config);
    if (r && 'pointer' in r) {
      const lead = await leadObject(env, r.pointer).signalsBefore(at, config);
      return lead && !('pointer' in lead) ? lead : null;
    }
    return r;
  };
  const [lead, visitor] = await Promise.all([
    kind === 'visitor' ? null : leadObjectName(env.HASH_KEY, site, id).then(ask),
    kind === 'lead' || !VISITOR_ID.test(id) ? null : ask(visitorObjectName(site, id)),
  ]);
  if (lead && visitor && lead.name !== visitor.name) return 'ambiguous';
  return lead ?? visitor ?? 'unknown';
}
