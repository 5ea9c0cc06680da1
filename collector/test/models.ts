// Helpers of the several-models tests (issue 13): a site with product models, a fit model and stages, and
// the webhook deliveries the local receiver got for it.
import { inject } from 'vitest';
import type { Received } from './hookReceiver';
import { api, testConfig } from './marketer';

/** Secret of the test sites' webhook. */
export const HOOK_SECRET = 'whsec_models_0123456789';

/** testConfig() with two product models, a fit model with grades, and stages subscriber → lead → mql → sql → customer. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function modelsConfig(site: string, extra: Record<string, unknown> = {}): Record<string, any> {
  return testConfig({
    models: [
      { id: 'billing', label: 'Billing', rules: [{ id: 'billing-pages', label: 'Billing pages', when: { type: 'pageview', path: '/billing{/*}?' }, points: 20, max: 60 }], bands: { warm: 20, hot: 40 } },
      { id: 'analytics', rules: [{ id: 'analytics-pages', when: { type: 'pageview', path: '/analytics{/*}?' }, points: 20, max: 60 }], bands: { warm: 20, hot: 40 } },
      {
        id: 'fit',
        kind: 'fit',
        rules: [
          { id: 'size', label: '50 people or more', when: { trait: 'company_size', gte: 50 }, points: 50 },
          { id: 'role', when: { trait: 'role', in: ['CTO', 'VP Engineering'] }, points: 30 },
          { id: 'free-mail', when: { freeEmail: true }, points: -30 },
        ],
        grades: { A: 80, B: 50, C: 30 },
      },
    ],
    stages: [
      { id: 'subscriber', when: { identified: true } },
      { id: 'lead', when: { model: 'default', score: 10 } },
      { id: 'mql', label: 'Marketing qualified', when: [{ model: 'default', score: 40 }, { model: 'fit', grade: 'B' }] },
      { id: 'sql' },
      { id: 'customer' },
    ],
    webhook: { url: `${inject('hookReceiver')}/hooks/${site}`, secret: HOOK_SECRET },
    ...extra,
  });
}

/** Creates a fresh site with modelsConfig(); returns its name. */
export async function newModelsSite(extra: Record<string, unknown> = {}): Promise<string> {
  const site = `m-${crypto.randomUUID().slice(0, 8)}`;
  const res = await api(`/v1/sites/${site}/config`, { method: 'PUT', body: JSON.stringify(modelsConfig(site, extra)) });
  if (res.status !== 201) throw new Error(`PUT config: ${res.status} ${await res.text()}`);
  return site;
}

/** The webhook deliveries the local receiver got for `site`, with their parsed bodies. */
export async function deliveries(site: string): Promise<(Received & { json: Record<string, unknown> })[]> {
  const all = (await (await fetch(`${inject('hookReceiver')}/received`)).json()) as Received[];
  return all.filter((r) => r.path === `/hooks/${site}`).map((r) => ({ ...r, json: JSON.parse(r.body) as Record<string, unknown> }));
}

/** Waits until `check` holds (webhooks go from alarms). */
export async function until(check: () => Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 100; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}
