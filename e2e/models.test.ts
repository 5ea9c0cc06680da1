// Several models in a real Chromium (issue 13): the demo site with its product models, a fit model and stages,
// as a marketer would configure it; one lead walks from subscriber to MQL — the contact form's role and
// company size grade it, the billing pages make its billing model hot, whose own call to action then shows
// (lp-models.js) with no layout shift — and the API shows the stage history and the lead.stage path.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';
import demoConfig from '../collector/src/site/demoConfig.json';
import DEMO_MODELS from '../collector/src/site/demoModels.json';
import { layoutShift, nextCollect, PROBE } from './pageProbe';
import { request } from './request';
import { step } from './step';
import { useBrowser } from './useBrowser';
import { useWorker } from './useWorker';

const server = useWorker();
const browser = useBrowser();
const AUTH = { Authorization: 'Bearer e2e-token', 'Content-Type': 'application/json' };

it('walks one lead from subscriber to MQL across the contact form and a product area', async () => {
  // `npm run demo:models` gives the demo its product models, the fit model and the stages.
  const { stdout } = await promisify(execFile)(process.execPath, ['scripts/demoModels.mjs', '--origin', server.origin, '--token', 'e2e-token']);
  expect(stdout.trim()).toBe('site demo: models billing, analytics, fit; stages subscriber → lead → mql → sql → customer');
  const config = await (await request(server.url('/v1/sites/demo/config'), { headers: AUTH })).json();
  expect(config).toMatchObject({ ...DEMO_MODELS, rules: demoConfig.rules, bands: demoConfig.bands, identify: { signed: true } });
  const page = await browser.context.newPage();
  await page.addInitScript(PROBE);
  const lead = 'maria@cobalt.example';
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const details = async (): Promise<any> => (await request(server.url(`/v1/leads/${encodeURIComponent(lead)}?site=demo`), { headers: AUTH })).json();

  // The contact form: identify with the role and company size, which grade the lead A.
  await page.goto(server.url('/contact'));
  await page.fill('#cf-name', 'Maria Souza');
  await page.fill('#cf-email', lead);
  await page.fill('#cf-company', 'Cobalt');
  await page.selectOption('#cf-role', 'CFO');
  await page.selectOption('#cf-size', '200');
  await page.fill('#cf-message', 'Billing for 200 people.');
  const identified = nextCollect(page);
  await page.click('#contact-form button[type="submit"]');
  await step('the identify beacon', identified);
  await expect.poll(async () => (await details()).stage, { timeout: 10_000 }).toBe('subscriber');
  let d = await details();
  expect(d.traits).toMatchObject({ role: 'CFO', company_size: 200 });
  expect(d.models.find((m: { id: string }) => m.id === 'fit')).toMatchObject({ score: 80, grade: 'A' });

  // Pricing: the primary score reaches 15 (visit 5 + pricing 10): stage lead.
  const priced = nextCollect(page);
  await page.goto(server.url('/pricing'));
  await priced;
  await expect.poll(async () => (await details()).stage, { timeout: 10_000 }).toBe('lead');

  // The billing area twice: billing is hot, its own call to action shows in its fixed slot, and the lead is an MQL.
  for (const path of ['/billing', '/analytics', '/billing']) {
    const reply = nextCollect(page);
    await page.goto(server.url(path));
    await reply;
  }
  await step('the billing call to action shown', page.waitForSelector('[data-lp-event="billing_trial"]', { state: 'visible' }));
  expect(await page.isVisible('[data-lp-show="billing:cold billing:warm"]')).toBe(false);
  expect((await layoutShift(page)).total).toBe(0);
  await expect.poll(async () => (await details()).stage, { timeout: 10_000 }).toBe('mql');
  d = await details();
  expect(d.stageHistory.map((e: { stage: string; by: string }) => [e.stage, e.by])).toEqual([
    ['subscriber', 'rules'],
    ['lead', 'rules'],
    ['mql', 'rules'],
  ]);
  expect(d.models.find((m: { id: string }) => m.id === 'billing')).toMatchObject({ score: 40, band: 'hot' });

  // The next page load shows the billing call to action from the cache, before any reply.
  await browser.context.route('**/v1/collect', () => {
    /* held: no reply on this load */
  });
  await page.goto(server.url('/billing'));
  await step('the cached billing call to action', page.waitForSelector('[data-lp-event="billing_trial"]', { state: 'visible' }));
  await browser.context.unrouteAll({ behavior: 'ignoreErrors' });

  // The list by stage and by the billing model, as the dashboard reads it.
  const list: { leads: { id: string; stage: string }[] } = await (await request(server.url('/v1/leads?site=demo&stage=mql&model=billing&band=hot'), { headers: AUTH })).json();
  expect(list.leads.map((l: { id: string; stage: string }) => [l.id, l.stage])).toEqual([[lead, 'mql']]);
  await page.close();
});
