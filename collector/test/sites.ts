// Helpers for tests that need their own site, a lead's object or its published score.
import { env, runDurableObjectAlarm, runInDurableObject } from 'cloudflare:test';
import { leadObjectName, scoreKey, visitorObjectName } from '../src/lead/leadName';
import type { LeadObject } from '../src/lead/LeadObject';
import type { LeadState } from '../src/lead/objectState';
import { indexObject, leadObject, siteObject } from '../src/objects';
import { indexShardNames } from '../src/site/indexShards';
import { SiteIndex } from '../src/site/SiteIndex';
import { getSiteConfig } from '../src/site/siteConfig';
import { siteConfigSchema, type SiteConfig } from '../src/site/siteConfigSchema';
import type { VersionedConfig } from '../src/site/versionedConfig';

/**
 * What tests of other behaviour opt out of: signed identify and the caps on custom events (issue 11),
 * which have tests of their own (identifyProof.test.ts, abuseLimits.test.ts).
 */
export const UNSIGNED_UNCAPPED = { identify: { signed: false }, limits: { customEventsPerVisit: 10_000, customEventsPerDay: 100_000 } } as const;

/** A new site with `config` (origins, bands default to the demo's), so that tests do not share leads. */
export async function createSite(config: Partial<SiteConfig> & Pick<SiteConfig, 'rules'>): Promise<string> {
  const site = 't' + crypto.randomUUID().replace(/-/g, '').slice(0, 20);
  await siteObject(env, site).putConfig(siteConfigSchema.parse({ bands: { warm: 40, hot: 80 }, ...UNSIGNED_UNCAPPED, ...config }), site);
  return site;
}

/** The stub of an identified lead's object. */
export async function leadStub(site: string, lead: string) {
  return leadObject(env, await leadObjectName(env.HASH_KEY, site, lead));
}

/** The stub of a visitor's own object. */
export function visitorStub(site: string, visitor: string) {
  return leadObject(env, visitorObjectName(site, visitor));
}

/**
 * A lead object's score now with its explanation, state, history (folded aggregates first) and visitors,
 * read inside the object; scored with `config` unless it holds a newer one. Null when it holds nothing.
 */
export function inspect(stub: DurableObjectStub<LeadObject>, config?: VersionedConfig) {
  return runInDurableObject(stub, (o: LeadObject) => o.inspect(config));
}

/** A lead's fresh explanation (score, contributions, state, history, visitors) with the site's configuration. */
export async function explainLead(site: string, lead: string) {
  const found = await inspect(await leadStub(site, lead), (await getSiteConfig(env, site, true))!);
  return found && { ...found, state: found.state as LeadState & { config: VersionedConfig } };
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

/** Runs the rescoring alarms of a site's index objects until every lead was rescored with its current configuration. */
export async function settleRescore(site: string): Promise<void> {
  const index = new SiteIndex(env, site);
  for (let i = 0; i < 200; i++) {
    for (const name of indexShardNames(site)) await runDurableObjectAlarm(indexObject(env, name));
    if ((await index.rescoreBacklog()) === 0) return;
    // The runtime may be running the alarm itself; give it a moment.
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`site ${site} did not finish rescoring`);
}


/** Fires the alarms of visitors' objects, which hand their pending web vitals to the site's index. */
export async function handOverVitals(site: string, visitors: readonly string[]): Promise<void> {
  for (const v of visitors) await runDurableObjectAlarm(visitorStub(site, v));
}
