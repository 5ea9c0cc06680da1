// Stubs of the Durable Object classes, by name: one place for `get(idFromName(…))`.
import type { Env } from './env';

/** The object of a lead or of an anonymous visitor, by object name (lead/leadName.ts makes them). */
export function leadObject(env: Pick<Env, 'LEADS'>, name: string) {
  return env.LEADS.get(env.LEADS.idFromName(name));
}

/** The object of a site: its configuration. */
export function siteObject(env: Pick<Env, 'SITES'>, site: string) {
  return env.SITES.get(env.SITES.idFromName(site));
}

/** One object of a site's lead index, by name (site/indexShards.ts makes them). */
export function indexObject(env: Pick<Env, 'INDEX'>, name: string) {
  return env.INDEX.get(env.INDEX.idFromName(name));
}

/** The insights object of a site: its outcomes and the counts behind insights, confidence and trend. */
export function insightsObject(env: Pick<Env, 'INSIGHTS'>, site: string) {
  return env.INSIGHTS.get(env.INSIGHTS.idFromName(site));
}
