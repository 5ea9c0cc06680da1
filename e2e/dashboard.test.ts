// The marketers' dashboard in a real Chromium against `wrangler dev`: sign-in with the token (kept in
// sessionStorage), band counts, the score distribution, top leads, one lead's contributions and timeline,
// under the strict CSP, with a screenshot for a human to look at (e2e/screenshots/, git-ignored).
import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { beforeAll, expect, it } from 'vitest';
import { request } from './request';
import { send as sendTo } from './send';
import { step } from './step';
import { useBrowser } from './useBrowser';
import { demoSignature } from './signIdentify';
import { useWorker } from './useWorker';
import { openPage } from './openPage';

const server = useWorker();
const browser = useBrowser();
const TOKEN = 'e2e-token';
const HOUR = 3_600_000;
const XSS = '<img src=x onerror="window.__xss=1">';

const id = () => randomUUID().replace(/-/g, '');
const visitorId = () => `v${id()}`.slice(0, 22);

/** Events of one lead on the demo site's rules, spread over the last few days. */
function history(spec: { visits?: number; pricing?: number; downloads?: number; webinar?: boolean; careers?: number; blog?: number }, hoursAgo: number) {
  const events: Record<string, unknown>[] = [];
  let t = Date.now() - hoursAgo * HOUR;
  const at = () => (t += 7 * 60_000);
  for (let v = 0; v < (spec.visits ?? 1); v++) {
    events.push({ id: id(), type: 'visit', ts: at() }, { id: id(), type: 'pageview', ts: at(), path: '/' });
    t += 20 * HOUR / Math.max(1, spec.visits ?? 1);
  }
  for (let i = 0; i < (spec.blog ?? 0); i++) events.push({ id: id(), type: 'pageview', ts: at(), path: `/blog/post-${i + 1}` });
  for (let i = 0; i < (spec.pricing ?? 0); i++) events.push({ id: id(), type: 'pageview', ts: at(), path: '/pricing' });
  for (let i = 0; i < (spec.downloads ?? 0); i++) events.push({ id: id(), type: 'download', ts: at(), url: ['/files/close-guide.pdf', '/files/roi-model.xlsx'][i % 2] });
  for (let i = 0; i < (spec.careers ?? 0); i++) events.push({ id: id(), type: 'pageview', ts: at(), path: '/careers' });
  if (spec.webinar) events.push({ id: id(), type: 'event', ts: at(), name: 'webinar_signup' });
  return events;
}

const send = (visitor: string, events: Record<string, unknown>[]) => sendTo(server.origin, visitor, events);

/** A signed identify (the demo site requires them; its signing handler makes them). */
const identify = async (lead: string, traits: Record<string, string>) => ({ id: id(), type: 'identify', ts: Date.now() - HOUR, lead, traits, sig: await demoSignature(server.origin, lead) });

async function api<T>(path: string): Promise<T> {
  const res = await request(server.url(path), { headers: { Authorization: `Bearer ${TOKEN}` } });
  expect(res.status).toBe(200);
  return res.json() as Promise<T>;
}

beforeAll(async () => {
  // Two hot, a few warm, many cold, one pushed to zero by careers visits, and one whose id is HTML.
  await send(visitorId(), [...history({ visits: 4, pricing: 3, downloads: 2, webinar: true, blog: 2 }, 70), await identify('Ana.Ortiz@Northwind.example', { company: 'Northwind Traders', role: 'CFO' })]);
  await send(visitorId(), [...history({ visits: 3, pricing: 3, downloads: 2, webinar: true }, 30), await identify('ben@contoso.example', { company: 'Contoso', role: 'Controller' })]);
  await send(visitorId(), history({ visits: 3, pricing: 3, downloads: 1 }, 50));
  await send(visitorId(), [...history({ visits: 1, webinar: true }, 5), await identify('carla@fabrikam.example', { company: 'Fabrikam' })]);
  await send(visitorId(), history({ visits: 2, pricing: 2, downloads: 2 }, 20));
  await send(visitorId(), history({ visits: 2, careers: 3 }, 10));
  await send(visitorId(), [...history({ visits: 2, pricing: 3, downloads: 1 }, 2), await identify(XSS, { note: XSS })]);
  for (let i = 0; i < 24; i++) await send(visitorId(), history({ visits: 1 + (i % 3), pricing: i % 3, downloads: i % 4 === 0 ? 1 : 0, blog: i % 5 }, 1 + i * 2));
  // Web vitals of a few page views.
  const vitals = ['/', '/pricing', '/product', '/pricing', '/', '/blog/post-1'].map((path, i) => ({ id: id(), type: 'vitals', ts: Date.now(), path, lcp: 900 + i * 450, inp: 60 + i * 70, cls: 0.01 + i * 0.04 }));
  // Sent with a pricing view: its visitor scores, and the samples ride with its first index write.
  await send(visitorId(), [...vitals, { id: id(), type: 'pageview', ts: Date.now(), path: '/pricing' }]);
}, 180_000);

async function openDashboard(): Promise<{ page: Page; problems: string[] }> {
  const { page, problems } = await openPage(browser.context, server.origin);
  await page.goto(server.url('/dashboard'));
  return { page, problems };
}

it('asks for the token, shows band counts, the distribution, top leads and a lead’s contributions and timeline', async () => {
  const { page, problems } = await openDashboard();
  type Stats = { total: number; bands: Record<string, number>; histogram: number[] };
  type Leads = { leads: { id: string; score: number; band: string }[] };
  const stats = await api<Stats>('/v1/stats?site=demo');
  const top = await api<Leads>('/v1/leads?site=demo&limit=20');
  // 31 leads of the rules and the visitor that sent web vitals with a pricing view; the one pushed to zero by
  // careers visits in its first beacon never scored, and an anonymous visitor that never scored is not listed.
  expect(stats.total).toBe(31);
  expect(stats.bands.hot).toBeGreaterThanOrEqual(2);

  // A wrong token is refused with the API's message; the right one is kept in sessionStorage only.
  await page.locator('#signin').waitFor();
  await page.fill('#token', 'wrong-token');
  await page.click('#signin-form button[type=submit]');
  await expect.poll(() => page.textContent('#signin-error')).toBe('wrong API token');
  expect(await page.isVisible('#app')).toBe(false);
  expect(problems).toEqual(['console: Failed to load resource: the server responded with a status of 401 (Unauthorized)']);
  problems.length = 0;
  await page.fill('#token', TOKEN);
  await page.click('#signin-form button[type=submit]');
  await page.locator('#lead-rows tr').first().waitFor();
  expect(await page.evaluate(() => [sessionStorage.getItem('leadpulse.token'), JSON.stringify(localStorage)])).toEqual([TOKEN, '{}']);

  // Band counts and the histogram match the API.
  await expect.poll(() => page.textContent('#count-total')).toBe(String(stats.total));
  for (const band of ['hot', 'warm', 'cold']) expect(await page.textContent(`#count-${band}`)).toBe(String(stats.bands[band]));
  const bars = await page.$$eval('#histogram rect.bar', (rects) => rects.map((r) => Number(r.getAttribute('data-count'))));
  expect(bars).toEqual(stats.histogram);

  // Top leads in score order; the HTML-looking lead id is shown as text, never run.
  const rows = await page.$$eval('#lead-rows tr', (trs) => trs.map((tr) => tr.getAttribute('data-id')));
  expect(rows).toEqual(top.leads.map((l) => l.id));
  expect(await page.locator('#lead-rows button', { hasText: XSS }).count()).toBe(1);
  expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();

  // One lead: contributions as bars (one per matched rule) and the timeline, newest first.
  const ana = 'ana.ortiz@northwind.example';
  type Lead = { score: number; contributions: { rule: string; points: number; count: number }[]; events: { type: string }[] };
  const lead = await api<Lead>(`/v1/leads/${encodeURIComponent(ana)}?site=demo`);
  await page.click(`#lead-rows tr[data-id="${ana}"] button`);
  await expect.poll(() => page.textContent('#lead-title')).toBe(ana);
  expect(await page.textContent('#lead-score')).toBe(String(lead.score));
  expect(await page.textContent('#lead-band')).toBe('hot');
  expect(await page.textContent('#lead-traits')).toContain('Northwind Traders');
  const drawn = await page.$$eval('#contrib-chart rect', (rects) => rects.map((r) => [r.getAttribute('data-rule'), Number(r.getAttribute('data-points'))]));
  const matched = lead.contributions.filter((c) => c.count > 0).sort((a, b) => Math.abs(b.points) - Math.abs(a.points));
  // Decay moves points a little between the two reads; the rules and their order do not.
  expect(drawn.map(([rule]) => rule)).toEqual(matched.map((c) => c.rule));
  drawn.forEach(([, points], i) => expect(points).toBeCloseTo(matched[i]!.points, 2));
  expect(drawn.map(([rule]) => rule)).toEqual(expect.arrayContaining(['webinar', 'pricing', 'downloads', 'visits']));
  expect(await page.$$eval('#timeline li', (lis) => lis.length)).toBe(lead.events.length);
  expect(await page.textContent('#timeline li:first-child .what')).toBe('Identified as ana.ortiz@northwind.example');
  expect(await page.$$eval('#timeline-chart circle', (c) => c.length)).toBe(lead.events.length);
  expect(await page.textContent('#vitals-rows')).toContain('/pricing');

  mkdirSync('e2e/screenshots', { recursive: true });
  await page.screenshot({ path: 'e2e/screenshots/dashboard.png', fullPage: true });

  // The band filter; a reload stays signed in (same tab); signing out forgets the token.
  await page.click('#band-filter button[data-band="hot"]');
  await expect.poll(() => page.$$eval('#lead-rows .pill', (p) => p.map((x) => x.textContent))).toEqual(top.leads.filter((l) => l.band === 'hot').map(() => 'hot'));
  await page.reload();
  await page.locator('#lead-rows tr').first().waitFor();
  expect(await page.isVisible('#signin')).toBe(false);
  await page.click('#signout');
  expect(await page.isVisible('#signin')).toBe(true);
  expect(await page.evaluate(() => sessionStorage.getItem('leadpulse.token'))).toBeNull();

  expect(problems).toEqual([]);
  await page.close();
});

it('exports the CSV with the token and erases a lead from the page', async () => {
  const { page, problems } = await openDashboard();
  await page.fill('#token', TOKEN);
  await page.click('#signin-form button[type=submit]');
  await page.locator('#lead-rows tr').first().waitFor();

  const download = step('the CSV download', page.waitForEvent('download'));
  await page.click('#export');
  const file = await download;
  expect(file.suggestedFilename()).toBe('leads-demo.csv');
  const csv = await new Promise<string>((resolve, reject) => {
    file.createReadStream().then((s) => {
      let text = '';
      s.on('data', (d) => (text += d));
      s.on('end', () => resolve(text));
      s.on('error', reject);
    }, reject);
  });
  expect(csv.split('\r\n')[0]).toBe('id,score,band,lastSeen,identified,confidence,publishedAt');
  expect(csv).toContain('ben@contoso.example');

  const carla = 'carla@fabrikam.example';
  const total = Number(await page.textContent('#count-total'));
  await page.click(`#lead-rows tr[data-id="${carla}"] button`);
  await expect.poll(() => page.textContent('#lead-title')).toBe(carla);
  page.once('dialog', (d) => d.accept());
  await page.click('#erase');
  await expect.poll(() => page.locator(`#lead-rows tr[data-id="${carla}"]`).count()).toBe(0);
  expect(await page.isVisible('#lead')).toBe(false);
  const gone = await request(server.url(`/v1/leads/${encodeURIComponent(carla)}?site=demo`), { headers: { Authorization: `Bearer ${TOKEN}` } });
  expect(gone.status).toBe(404);
  await expect.poll(() => page.textContent('#count-total')).toBe(String(total - 1));

  // Another site: an unknown one is reported on the page, and demo comes back.
  await page.fill('#site', 'nope');
  await page.click('#site-form button[type=submit]');
  await expect.poll(() => page.textContent('#app-error')).toBe("unknown site 'nope'");
  await page.fill('#site', 'demo');
  await page.click('#site-form button[type=submit]');
  await expect.poll(() => page.isVisible('#app-error')).toBe(false);
  expect(problems.filter((p) => !p.includes('status of 404'))).toEqual([]);
  await page.close();
});
