// A marketer's first look (issue 15): `npm run seed` fills the demo site with named people, and the dashboard
// shows people to call at the top, a whole-number axis, the lead's detail brought into view when opened, and —
// after a negative signal within the band — what the list still shows and when it catches up. Screenshots go
// to e2e/screenshots/ (git-ignored) for a human to look at.
import { execFile } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';
import { openPage } from './openPage';
import { send } from './send';
import { demoSignature } from './signIdentify';
import { useBrowser } from './useBrowser';
import { useWorker } from './useWorker';

const server = useWorker();
const browser = useBrowser();
const TOKEN = 'e2e-token';

it('shows the seeded people first, on whole-number axes, opens a lead in view, and says when the list catches up', { timeout: 120_000 }, async () => {
  // As a user runs it against npm start.
  const { stdout } = await promisify(execFile)(process.execPath, ['scripts/seed.mjs', '--origin', server.origin]);
  const seeded = stdout.trim().split('\n').filter((l) => /^(hot|warm|cold) /.test(l)).map((l) => l.split(/\s+/));
  expect(seeded).toHaveLength(10);
  const hot = seeded.filter(([band]) => band === 'hot');
  expect(hot.length).toBeGreaterThanOrEqual(4);
  expect(stdout).toContain(`open ${server.origin}/dashboard`);

  const { page, problems } = await openPage(browser.context, server.origin);
  await page.goto(server.url('/dashboard'));
  await page.fill('#token', TOKEN);
  await page.click('#signin-form button[type=submit]');
  await page.locator('#lead-rows tr').first().waitFor();

  // The top of the list is people to call: identified, hot, by their e-mail addresses.
  const top = await page.$$eval('#lead-rows tr', (trs) => trs.slice(0, 4).map((tr) => ({ id: tr.getAttribute('data-id'), anonymous: !!tr.querySelector('.tag'), band: tr.querySelector('.pill')!.textContent, published: tr.querySelector('td.published')!.textContent })));
  expect(top.map((r) => r.anonymous)).toEqual([false, false, false, false]);
  expect(top.map((r) => r.band)).toEqual(['hot', 'hot', 'hot', 'hot']);
  expect(new Set(top.map((r) => r.id))).toEqual(new Set(hot.map(([, , lead]) => lead)));
  for (const r of top) expect(r.published).toMatch(/^(just now|\d+ min ago)$/);

  // The distribution's count axis: whole numbers only.
  const ticks = await page.$$eval('#histogram text.axis', (ts) => ts.map((t) => t.textContent!));
  const counts = ticks.filter((t) => /^[\d.,]+$/.test(t) && !['0', '10', '20', '30', '40', '50', '60', '70', '80', '90'].includes(t) || t === '0');
  expect(counts.length).toBeGreaterThan(1);
  for (const t of counts) expect(t).toMatch(/^\d+$/);

  mkdirSync('e2e/screenshots', { recursive: true });
  await page.screenshot({ path: 'e2e/screenshots/firstlook-overview.png' });

  // Opening a lead brings its detail to the top of the window, with who it is.
  const ben = 'ben.okafor@contoso.example';
  await page.click(`#lead-rows tr[data-id="${ben}"] button`);
  await expect.poll(() => page.textContent('#lead-title')).toBe(ben);
  await expect.poll(() => page.evaluate(() => Math.round(document.getElementById('lead')!.getBoundingClientRect().top))).toBeLessThanOrEqual(10);
  expect(await page.evaluate(() => document.getElementById('lead')!.getBoundingClientRect().top)).toBeGreaterThanOrEqual(-1);
  expect(await page.textContent('#lead-traits')).toContain('Ben Okafor');
  expect(await page.textContent('#lead-published')).toMatch(/^The list shows this score \(published (just now|\d+ min ago)\)\.$/);
  await page.screenshot({ path: 'e2e/screenshots/firstlook-lead.png' });

  // A careers visit from Ben's phone: the detail is fresh at once, the list catches up when the minute ends.
  const listed = Number(seeded.find(([, , lead]) => lead === ben)![1]);
  const phone = 'firstLookPhone00000001';
  const reply = await send(server.origin, phone, [
    { id: 'firstlook-1', type: 'identify', ts: Date.now(), lead: ben, sig: await demoSignature(server.origin, ben) },
    { id: 'firstlook-2', type: 'pageview', ts: Date.now(), path: '/careers' },
  ]);
  expect(reply.score).toBeLessThan(listed);
  await page.click(`#lead-rows tr[data-id="${ben}"] button`);
  await expect.poll(() => page.textContent('#lead-score')).toBe(String(reply.score));
  const note = (await page.textContent('#lead-published'))!;
  if (reply.band === 'hot') expect(note).toMatch(new RegExp(`^The list still shows ${listed} \\(hot, published (just now|\\d+ min ago)\\); it shows ${reply.score} (in \\d+ s|any moment now)\\.$`));
  expect(await page.textContent(`#lead-rows tr[data-id="${ben}"] .score-num`)).toBe(String(listed));
  await page.screenshot({ path: 'e2e/screenshots/firstlook-lead-catching-up.png' });

  expect(problems).toEqual([]);
  await page.close();
});
