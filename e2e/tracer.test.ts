// The tracer bullet: a real Chromium visits /pricing on the demo site served by `wrangler dev`.
import { expect, it } from 'vitest';
import { nextCollect } from './pageProbe';
import { request } from './request';
import { useBrowser } from './useBrowser';
import { useWorker } from './useWorker';

const server = useWorker();
const browser = useBrowser();

it('visiting /pricing sends a pageview, gets the demo score back, and GET /v1/score agrees', async () => {
  const page = await browser.context.newPage();
  const collected = nextCollect(page);
  await page.goto(server.url('/pricing'));
  const response = await collected;
  const sent = JSON.parse(response.request().postData()!);
  expect(response.request().headers()['content-type']).toContain('text/plain');
  expect(sent.site).toBe('demo');
  expect(sent.visitor).toMatch(/^[A-Za-z0-9_-]{22}$/);
  expect(sent.events.map((e: { type: string }) => e.type)).toEqual(['visit', 'pageview']);
  expect(sent.events[1].path).toBe('/pricing');
  // Default rules of site demo: pricing 10 + visits 5.
  expect(await response.json()).toEqual({ score: 15, band: 'cold' });
  const read = await request(server.url(`/v1/score?site=demo&visitor=${sent.visitor}`));
  expect(await read.json()).toEqual({ score: 15, band: 'cold' });
  await page.close();
});
