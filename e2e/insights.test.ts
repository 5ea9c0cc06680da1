// Insights on known ground truth (issue 12): the simulator (scripts/simulate.mjs) sends a few thousand
// visitors whose chance to win follows a known model through the real collector under `wrangler dev` and
// posts their outcomes; the API must recover the model — signals ranked in the true order, the noise
// signal's interval around 1, nothing counted from after an outcome, lead confidence calibrated. Then the
// dashboard's insights view in a real Chromium: the lift table, an explicit apply (rescoring follows), the
// reliability chart and the trend, with a screenshot for a human to look at (e2e/screenshots/insights.png).
import { mkdirSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { simulate, summary, type SimVisitor } from '../scripts/simulate.mjs';
import { wilson } from '../collector/src/insights/wilson';
import { launchBrowser } from './launchBrowser';
import { startWorker, type RunningWorker } from './startWorker';
import { openPage } from './openPage';
import { request } from './request';
import { step } from './step';
import { PAGE_WAIT_MS, REPLY_MS } from './waits';

const TOKEN = 'e2e-token';
const SITE = 'sim';
const VISITORS = 3000;

type Figures = { leads: number; conversions: number; lift: number | null; interval: { low: number; high: number } | null; suggestedPoints: number | null; status: string };
type Insights = {
  overall: { leads: number; conversions: number; rate: number };
  rules: (Figures & { rule: string; points: number })[];
  candidates: (Figures & { key: string; suggestedRule: { id: string; points: number } })[];
  calibration: { ready: boolean; buckets: { from: number; to: number; leads: number; probability: number | null }[]; brier: number; baselineBrier: number; auc: number };
};

let worker: RunningWorker;
let browser: Awaited<ReturnType<typeof launchBrowser>>;
let people: SimVisitor[];
let results: Awaited<ReturnType<typeof simulate>>['results'];
let insights: Insights;

async function api<T>(path: string, init: RequestInit = {}): Promise<T> {
  // Reads may go unanswered locally while 3,000 leads are rescored: each is sent again after 15 s (request.ts).
  const res = await request(`${worker.origin}${path}`, { ...init, headers: { Authorization: `Bearer ${TOKEN}`, ...(init.headers as Record<string, string>) } }, REPLY_MS, 4);
  expect(res.status, path).toBe(200);
  return (res.headers.get('content-type')?.includes('json') ? res.json() : res.text()) as Promise<T>;
}

beforeAll(async () => {
  worker = await startWorker();
  ({ people, results } = await simulate({ origin: worker.origin, token: TOKEN, site: SITE, visitors: VISITORS, seed: 1, log: (l) => console.log(l) }));
  insights = await api<Insights>(`/v1/sites/${SITE}/insights`);
  console.log(summary(insights));
  browser = await launchBrowser();
}, 900_000);

afterAll(async () => {
  await browser?.close();
  await worker?.stop();
});

const rule = (id: string) => insights.rules.find((r) => r.rule === id)!;
const candidate = (key: string) => insights.candidates.find((c) => c.key === key);

describe('insights on known ground truth', () => {
  it('counts every lead and outcome the simulator sent, once', () => {
    const wins = people.filter((v) => v.won).length;
    expect(results).toEqual({ recorded: wins + people.filter((v) => v.lost).length, duplicate: 0, unknownLead: 0, invalid: 0 });
    expect(insights.overall).toMatchObject({ leads: VISITORS, conversions: wins });
    // Each rule's leads and conversions are exactly those of the truth.
    for (const [id, signal] of [['pricing', 'pricing'], ['webinar', 'webinar'], ['brochure', 'brochure']] as const) {
      const had = people.filter((v) => v.signals[signal]);
      expect(rule(id), id).toMatchObject({ leads: had.length, conversions: had.filter((v) => v.won).length, status: 'ok' });
    }
    const careers = people.filter((v) => v.signals.careers);
    expect(candidate('pageview /careers')).toMatchObject({ leads: careers.length, conversions: careers.filter((v) => v.won).length });
  });

  it('ranks the signals in the true order of the model, and suggests points in the same order', () => {
    const order = [rule('webinar'), rule('pricing'), rule('brochure'), candidate('pageview /careers')!];
    const lifts = order.map((f) => f.lift!);
    expect([...lifts].sort((a, b) => b - a)).toEqual(lifts);
    const points = order.map((f) => f.suggestedPoints!);
    expect([...points].sort((a, b) => b - a)).toEqual(points);
    expect(rule('webinar').interval!.low).toBeGreaterThan(1);
    expect(rule('pricing').interval!.low).toBeGreaterThan(1);
    expect(candidate('pageview /careers')!.interval!.high).toBeLessThan(1);
    expect(candidate('pageview /careers')!.suggestedPoints).toBeLessThan(0);
  });

  it('gives the noise signal an interval that contains 1', () => {
    const { low, high } = rule('brochure').interval!;
    expect(low).toBeLessThan(1);
    expect(high).toBeGreaterThan(1);
  });

  it('never counts what a lead did after its outcome', () => {
    // Every winner visited /customers/onboarding after winning, and nobody before: counted point in time,
    // nobody had it, so it is no signal at all (counted afterwards it would look like the best one).
    expect(insights.candidates.map((c) => c.key)).not.toContain('pageview /customers/onboarding');
  });

  it('calibrates lead confidence: in each well-populated bucket the observed rate is within the interval of the predicted one', async () => {
    expect(insights.calibration.ready).toBe(true);
    expect(insights.calibration.auc).toBeGreaterThan(0.6);
    expect(insights.calibration.brier).toBeLessThan(insights.calibration.baselineBrier);
    const csv = (await api<string>(`/v1/leads.csv?site=${SITE}`)).trim().split('\r\n');
    expect(csv[0]).toBe('id,score,band,lastSeen,identified,confidence,publishedAt');
    const byLead = new Map(people.map((v) => [v.lead, v]));
    const groups = new Map<string, SimVisitor[]>();
    for (const line of csv.slice(1)) {
      const cells = line.split(',');
      const v = byLead.get(cells[0]!)!;
      expect(v, cells[0]).toBeDefined();
      (groups.get(cells[5]!) ?? groups.set(cells[5]!, []).get(cells[5]!)!).push(v);
    }
    expect([...groups.values()].reduce((n, g) => n + g.length, 0)).toBe(VISITORS);
    const populated = [...groups].filter(([, g]) => g.length >= 100);
    expect(populated.length).toBeGreaterThanOrEqual(3);
    for (const [confidence, group] of populated) {
      const predicted = Number(confidence);
      const won = group.filter((v) => v.won).length;
      const observed = wilson(won, group.length);
      expect(predicted, `confidence ${confidence}: ${won} of ${group.length} won`).toBeGreaterThanOrEqual(observed.low - 5e-5);
      expect(predicted, `confidence ${confidence}: ${won} of ${group.length} won`).toBeLessThanOrEqual(observed.high + 5e-5);
      // ...and it is near the truth: the model's mean probability of the group is within the interval of the prediction.
      const truth = group.reduce((s, v) => s + v.p, 0) / group.length;
      const around = wilson(predicted * group.length, group.length);
      expect(truth, `confidence ${confidence}: true mean ${truth.toFixed(4)}`).toBeGreaterThanOrEqual(around.low);
      expect(truth, `confidence ${confidence}: true mean ${truth.toFixed(4)}`).toBeLessThanOrEqual(around.high);
    }
  });

  it('keeps the trend: every lead active today, the outcomes on the days they happened', async () => {
    const trend = await api<{ days: { date: string; leads: number | null; activeLeads: number; conversions: number; bands: Record<string, number> | null }[] }>(`/v1/sites/${SITE}/trend?days=7`);
    const today = trend.days[trend.days.length - 1]!;
    expect(today).toMatchObject({ date: new Date().toISOString().slice(0, 10), leads: VISITORS, activeLeads: VISITORS });
    expect(Object.values(today.bands!).reduce((a, b) => a + b, 0)).toBe(VISITORS);
    expect(trend.days.reduce((n, d) => n + d.conversions, 0)).toBe(people.filter((v) => v.won).length);
  });
});

async function openInsights(): Promise<{ page: Page; problems: string[] }> {
  const { page, problems } = await openPage(browser.context, worker.origin);
  await page.goto(`${worker.origin}/dashboard?site=${SITE}`);
  await page.fill('#token', TOKEN);
  await page.click('#signin-form button[type=submit]');
  await page.locator('#lift-rows tr').first().waitFor();
  return { page, problems };
}

describe('the dashboard’s insights view', () => {
  it('shows the lift table, the reliability chart and the trend, and applies picked points with rescoring after', async () => {
    const { page, problems } = await openInsights();
    // The lift table: one row per rule, lifts as the API gives them, the noise rule's bar across 1.
    const rows = await page.$$eval('#lift-rows tr', (trs) => trs.map((tr) => [tr.getAttribute('data-rule'), tr.querySelector('.lift-num')?.textContent ?? null]));
    expect(rows).toEqual(insights.rules.map((r) => [r.rule, r.lift === null ? null : `${r.lift.toFixed(2)}×`]));
    expect(await page.getAttribute('#lift-rows tr[data-rule="brochure"] svg.lift-bar', 'class')).toBe('lift-bar flat');
    expect(await page.getAttribute('#lift-rows tr[data-rule="webinar"] svg.lift-bar', 'class')).toBe('lift-bar pos');
    expect(await page.getAttribute('#candidate-rows tr[data-rule="pageview /careers"] svg.lift-bar', 'class')).toBe('lift-bar neg');
    // Lead confidence in the list; the reliability chart, one dot per bucket; the trend with today's bars.
    await expect.poll(() => page.$$eval('#lead-rows tr', (trs) => trs.map((tr) => (tr as HTMLTableRowElement).cells[3]!.textContent))).toEqual(expect.arrayContaining([expect.stringMatching(/^\d+ %$/)]));
    expect(await page.$$eval('#reliability-chart circle.bucket', (c) => c.length)).toBe(insights.calibration.buckets.length);
    const today = new Date().toISOString().slice(0, 10);
    const bars = await page.$$eval(`#trend-chart rect.bar[data-date="${today}"]`, (rs) => rs.reduce((n, r) => n + Number(r.getAttribute('data-count')), 0));
    expect(bars).toBe(VISITORS);
    expect(await page.textContent('#calibration-note')).toMatch(/Brier score 0\.\d{3}/);

    mkdirSync('e2e/screenshots', { recursive: true });
    await page.locator('#insights').scrollIntoViewIfNeeded();
    await page.screenshot({ path: 'e2e/screenshots/insights.png', fullPage: true });

    // Apply: the webinar's suggested points, and a rule for the careers page. Nothing is saved before the click.
    const loser = people.find((v) => v.signals.careers && !v.signals.webinar && v.signals.pricing)!;
    const scoreBefore = (await api<string>(`/v1/leads.csv?site=${SITE}`)).split('\r\n').find((l) => l.startsWith(`${loser.lead},`))?.split(',')[1];
    const before = await api<{ rules: { id: string; points: number }[] }>(`/v1/sites/${SITE}/config`);
    expect(await page.isDisabled('#apply')).toBe(true);
    await page.check('#lift-rows tr[data-rule="webinar"] input');
    await page.check('#candidate-rows tr[data-rule="pageview /careers"] input');
    expect(await api<{ rules: unknown[] }>(`/v1/sites/${SITE}/config`)).toEqual(before);
    let dialog = '';
    page.once('dialog', (d) => {
      dialog = d.message();
      void d.accept();
    });
    // The page reads insights again once the change is saved; while every lead is being rescored that read
    // waits its turn (locally one workerd thread serves every object), so the wait is the rescoring's.
    const reread = page
      .waitForResponse((r) => r.request().method() === 'PUT' && r.url().endsWith(`/v1/sites/${SITE}/config`))
      .then(() => page.waitForResponse((r) => r.url().endsWith(`/v1/sites/${SITE}/insights`), { timeout: 120_000 }));
    const applied = Date.now();
    await page.click('#apply');
    await expect.poll(() => page.textContent('#apply-status'), { timeout: PAGE_WAIT_MS }).toBe('Saved 2 changes; leads are being rescored.');
    const careers = candidate('pageview /careers')!;
    expect(dialog).toContain(`webinar: 40 → ${rule('webinar').suggestedPoints} points`);
    expect(dialog).toContain(`new rule pageview-careers: ${careers.suggestedPoints} points`);
    const after = await api<{ rules: { id: string; points: number; when: unknown }[] }>(`/v1/sites/${SITE}/config`);
    expect(after.rules.find((r) => r.id === 'webinar')!.points).toBe(rule('webinar').suggestedPoints);
    expect(after.rules.find((r) => r.id === 'pageview-careers')).toEqual({ id: 'pageview-careers', when: { type: 'pageview', path: '/careers' }, points: careers.suggestedPoints });
    // The table shows the new points, the careers page is a rule now, and the list is rescored.
    expect((await step('the page reading insights again after the change', reread, 150_000)).status()).toBe(200);
    console.log(`insights read again ${((Date.now() - applied) / 1000).toFixed(0)} s after apply`);
    await expect.poll(() => page.textContent('#lift-rows tr[data-rule="webinar"] td:nth-child(6)'), { timeout: PAGE_WAIT_MS }).toBe(String(rule('webinar').suggestedPoints));
    expect(await page.locator('#lift-rows tr[data-rule="pageview-careers"]').count()).toBe(1);
    // Rescoring follows, as for any change: the index (the list, the CSV) catches up with the fresh score.
    const indexed = async () => (await api<string>(`/v1/leads.csv?site=${SITE}`)).split('\r\n').find((l) => l.startsWith(`${loser.lead},`))?.split(',')[1];
    const fresh = await api<{ score: number }>(`/v1/leads/${encodeURIComponent(loser.lead)}?site=${SITE}`);
    expect(Number(scoreBefore)).toBeGreaterThan(fresh.score);
    await expect.poll(indexed, { timeout: 120_000, interval: 1000 }).toBe(String(fresh.score));
    console.log(`the list caught up ${((Date.now() - applied) / 1000).toFixed(0)} s after apply`);
    expect(problems).toEqual([]);
    await page.close();
  }, 420_000);
});
