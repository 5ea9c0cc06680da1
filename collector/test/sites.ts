// Helpers for tests that need their own site, a lead's object or its published score.
import { env, runDurableObjectAlarm, runInDurableObject } from 'cloudflare:test';
import { leadObjectName, scoreKey, visitorObjectName } from '../src/leadName';
import type { ScoreResult } from '../src/scoring/scoreLead';
import { getSiteConfig, siteObject } from '../src/siteConfig';
import type { SiteConfig } from '../src/siteConfigSchema';
import { siteConfigSchema } from '../src/siteConfigSchema';
import type { LeadObject, StoredEvent } from '../src/storage/LeadObject';
import type { LeadVisitors } from '../src/storage/LeadVisitors';
import type { SiteObject, VersionedConfig } from '../src/storage/SiteObject';

/** What tests read of a lead object's private state (the object exposes no such method to the Worker). */
interface LeadInternals {
  state: { name: string; site: string; kind: 'visitor' | 'lead'; id: string; traits: Record<string, unknown>; config?: VersionedConfig } | null;
  visitors: LeadVisitors;
  adopt(config: VersionedConfig): void;
  history(): StoredEvent[];
  compute(now: number): ScoreResult;
}

/** A new site with `config` (origins, bands default to the demo's), so that tests do not share leads. */
export async function createSite(config: Partial<SiteConfig> & Pick<SiteConfig, 'rules'>): Promise<string> {
  const site = 't' + crypto.randomUUID().replace(/-/g, '').slice(0, 20);
  await siteObject(env, site).putConfig(siteConfigSchema.parse({ bands: { warm: 40, hot: 80 }, ...config }));
  return site;
}

/** The stub of an identified lead's object. */
export async function leadStub(site: string, lead: string) {
  return env.LEADS.get(env.LEADS.idFromName(await leadObjectName(env.HASH_KEY, site, lead)));
}

/** The stub of a visitor's own object. */
export function visitorStub(site: string, visitor: string) {
  return env.LEADS.get(env.LEADS.idFromName(visitorObjectName(site, visitor)));
}

/**
 * A lead object's score now with its explanation, state, history (folded aggregates first) and visitors,
 * read inside the object; scored with `config` unless it holds a newer one. Null when it holds nothing.
 */
export function inspect(stub: DurableObjectStub<LeadObject>, config?: VersionedConfig) {
  return runInDurableObject(stub, (o: LeadObject) => {
    const lead = o as unknown as LeadInternals;
    if (!lead.state) return null;
    if (config) lead.adopt(config);
    return { ...lead.compute(Date.now()), state: lead.state, events: lead.history(), visitors: lead.visitors.list() };
  });
}

/** A lead's fresh explanation (score, contributions, state, history, visitors) with the site's configuration. */
export async function explainLead(site: string, lead: string) {
  return inspect(await leadStub(site, lead), (await getSiteConfig(env, site, true))!);
}

/** A visitor's own object, explained the same way. */
export async function explainVisitor(site: string, visitor: string) {
  return inspect(visitorStub(site, visitor), (await getSiteConfig(env, site, true))!);
}

/** What KV holds for a lead object: the published score and how many writes made it (metadata). */
export async function published(objectName: string): Promise<{ score: number; band: string; writes: number } | null> {
  const { value, metadata } = await env.SCORES.getWithMetadata<{ score: number; band: string }, { writes: number }>(scoreKey(objectName), 'json');
  if (!value) return null;
  return { ...value, writes: metadata?.writes ?? 0 };
}

/** Runs a site's rescoring alarm until every lead was rescored with its current configuration. */
export async function settleRescore(site: string): Promise<void> {
  const stub = siteObject(env, site);
  for (let i = 0; i < 200; i++) {
    await runDurableObjectAlarm(stub);
    if ((await rescoreBacklog(stub)) === 0) return;
    // The runtime may be running the alarm itself; give it a moment.
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`site ${site} did not finish rescoring`);
}

/** How many of a site's indexed leads were last scored with an older configuration than its own. */
function rescoreBacklog(stub: DurableObjectStub<SiteObject>): Promise<number> {
  return runInDurableObject(stub, (o: SiteObject, state: DurableObjectState) => {
    const rev = (o as unknown as { currentRev(): number }).currentRev();
    return state.storage.sql.exec<{ n: number }>('SELECT COUNT(*) AS n FROM leads WHERE rev < ?', rev).one().n;
  });
}
