// Helpers for tests that need their own site, a lead's object or its published score.
import { env, runDurableObjectAlarm } from 'cloudflare:test';
import { leadObjectName, scoreKey, visitorObjectName } from '../src/leadName';
import { getSiteConfig, siteObject } from '../src/siteConfig';
import type { SiteConfig } from '../src/siteConfigSchema';
import { siteConfigSchema } from '../src/siteConfigSchema';

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

/** A lead's fresh explanation (score, contributions, state, history). */
export async function explainLead(site: string, lead: string) {
  const config = (await getSiteConfig(env, site, true))!;
  return (await leadStub(site, lead)).explain(config, Date.now());
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
    if ((await stub.rescoreBacklog()) === 0) return;
    // The runtime may be running the alarm itself; give it a moment.
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`site ${site} did not finish rescoring`);
}
