// Helpers of the outcome and insight tests: posting conversions, and reading the insights object's own rows.
import { env, runDurableObjectAlarm, runInDurableObject } from 'cloudflare:test';
import type { InsightsObject } from '../src/insights/InsightsObject';
import { indexObject, insightsObject } from '../src/objects';
import { indexShardNames } from '../src/site/indexShards';
import { visitorStub } from './sites';
import { api } from './marketer';

/** `POST /v1/conversions?site=` with a JSON value (sent as application/json) or CSV text (text/csv). */
export function postConversions(site: string, body: unknown, type = typeof body === 'string' ? 'text/csv' : 'application/json') {
  return api(`/v1/conversions?site=${site}`, { method: 'POST', headers: { 'Content-Type': type }, body: typeof body === 'string' ? body : JSON.stringify(body) });
}

/** Rows of the site's insights object: its outcomes, and the features of one lead (optional). */
export function insightsRows(site: string, lead?: string) {
  return runInDurableObject(insightsObject(env, site), (o: InsightsObject, state) => {
    const sql = state.storage.sql;
    return {
      outcomes: sql.exec<{ id: string; lead: string; outcome: string; at: number; value: number | null; score: number; keys: string }>('SELECT * FROM outcomes ORDER BY at, id').toArray().map((r) => ({ ...r, keys: JSON.parse(r.keys) as string[] })),
      features: lead ? o.store.featuresOf(lead) : [],
      conversions: sql.exec<{ outcome: string; lead: string }>('SELECT outcome, lead FROM conversions').toArray(),
    };
  });
}

/** The counts of one outcome as insights read them (every signal key included). */
export function insightCounts(site: string, outcome = 'won') {
  return runInDurableObject(insightsObject(env, site), (o: InsightsObject) => o.store.counts(outcome, 0));
}

/**
 * Hands what visitors noted for insights to the site's insights object, as the alarms would within a
 * minute: each visitor's object gives its pending notes to its index object, and each index object sends
 * its batch.
 */
export async function settleInsights(site: string, visitors: readonly string[] = []): Promise<void> {
  for (const v of visitors) await runDurableObjectAlarm(visitorStub(site, v));
  for (const name of indexShardNames(site)) await runDurableObjectAlarm(indexObject(env, name));
}
