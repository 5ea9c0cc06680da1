// Webhook hygiene of PUT /v1/sites/:site/config and of deliveries: refused destinations, the secret that a
// changed URL needs, and lead objects that never hold the secret.
import { createExecutionContext, env, runInDurableObject, waitOnExecutionContext } from 'cloudflare:test';
import { describe, expect, it, vi } from 'vitest';
import { app } from '../app';
import type { LeadObject } from '../lead/LeadObject';
import { SECRET_MASK } from '../marketer/maskSecret';
import { siteObject } from '../objects';
import { collect, newEventId, newVisitor, ORIGIN } from '../../test/helpers';
import { AUTH, api, getJson, named, testConfig } from '../../test/marketer';
import { inspect, leadStub, settleRescore, visitorStub } from '../../test/sites';
import { SSRF_CASES } from '../../test/ssrfCases';

const SECRET = 'whsec_webhook-hygiene-0123456789';
/** A loopback receiver nobody listens on: admitted by the tests' WEBHOOK_ALLOW_LOCAL, refused elsewhere. */
const LOCAL_HOOK = 'http://127.0.0.1:9/hooks/lead';
const freshSite = () => `w-${crypto.randomUUID().slice(0, 8)}`;
const put = (site: string, body: unknown) => api(`/v1/sites/${site}/config`, { method: 'PUT', body: JSON.stringify(body) });

/** A PUT served by a Worker whose WEBHOOK_ALLOW_LOCAL is `allowLocal` (the other bindings as configured). */
async function putWith(allowLocal: string | undefined, site: string, body: unknown) {
  const ctx = createExecutionContext();
  const req = new Request(`${ORIGIN}/v1/sites/${site}/config`, { method: 'PUT', headers: AUTH, body: JSON.stringify(body) });
  const res = await app.fetch(req, { ...env, WEBHOOK_ALLOW_LOCAL: allowLocal }, ctx);
  await waitOnExecutionContext(ctx);
  return res;
}

/** Every row of every table and every storage key of a lead object, as one string. */
function storageDump(stub: DurableObjectStub<LeadObject>): Promise<string> {
  return runInDurableObject(stub, async (_o: LeadObject, state) => {
    const sql = state.storage.sql;
    const tables = sql.exec<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' AND name NOT LIKE '\\_cf\\_%' ESCAPE '\\'").toArray();
    const rows = Object.fromEntries(tables.map(({ name }) => [name, sql.exec(`SELECT * FROM "${name}"`).toArray()]));
    return JSON.stringify({ rows, keys: [...(await state.storage.list()).entries()] });
  });
}

describe('PUT /v1/sites/:site/config refuses webhook destinations outside the public internet', () => {
  it('answers each refused URL with 400 naming webhook.url, and stores nothing', async () => {
    const site = freshSite();
    for (const [url, message] of SSRF_CASES) {
      const res = await putWith(undefined, site, testConfig({ webhook: { url, secret: SECRET } }));
      expect({ url, status: res.status }).toEqual({ url, status: 400 });
      expect({ url, reply: await res.json() }).toEqual({ url, reply: { error: { code: 'invalid_config', message: `webhook.url: ${message}` } } });
    }
    expect((await api(`/v1/sites/${site}/config`)).status).toBe(404);
  });

  it('takes https to a public host without WEBHOOK_ALLOW_LOCAL', async () => {
    const site = freshSite();
    expect((await putWith(undefined, site, testConfig({ webhook: { url: 'https://hooks.example.com/lead', secret: SECRET } }))).status).toBe(201);
    expect((await putWith('false', site, testConfig({ webhook: { url: LOCAL_HOOK, secret: SECRET } }))).status).toBe(400);
  });

  it('admits a loopback receiver over http only where the Worker sets WEBHOOK_ALLOW_LOCAL=true, and metadata never', async () => {
    const site = freshSite();
    expect((await putWith('true', site, testConfig({ webhook: { url: LOCAL_HOOK, secret: SECRET } }))).status).toBe(201);
    expect((await putWith('true', site, testConfig({ webhook: { url: 'http://[::1]:9/hook', secret: SECRET } }))).status).toBe(200);
    const metadata = await putWith('true', site, testConfig({ webhook: { url: 'http://169.254.169.254/latest/meta-data/', secret: SECRET } }));
    expect(await metadata.json()).toEqual({ error: { code: 'invalid_config', message: 'webhook.url: must point to a public host; 169.254.169.254 is a cloud metadata destination' } });
    const lan = await putWith('true', site, testConfig({ webhook: { url: 'http://10.0.0.1/hook', secret: SECRET } }));
    expect(await lan.json()).toEqual({ error: { code: 'invalid_config', message: 'webhook.url: must point to a public host; 10.0.0.1 is a private destination' } });
    expect(await siteObject(env, site).webhookTarget()).toEqual({ url: 'http://[::1]:9/hook', secret: SECRET });
  });
});

describe('changing the webhook URL requires the real secret', () => {
  it('refuses the masked secret with another URL (400) and keeps the stored webhook as it was', async () => {
    const site = freshSite();
    await put(site, testConfig({ webhook: { url: 'https://hooks.example.com/a', secret: SECRET } }));
    const read = await getJson(`/v1/sites/${site}/config`);
    expect(read.webhook).toEqual({ url: 'https://hooks.example.com/a', secret: SECRET_MASK });
    const tag = (await api(`/v1/sites/${site}/config`)).headers.get('etag');
    for (const url of ['https://attacker.example.net/collect', 'https://hooks.example.com/b', 'https://hooks.example.com/a?x=1']) {
      const res = await put(site, { ...read, webhook: { url, secret: SECRET_MASK } });
      expect(res.status).toBe(400);
      expect(await res.json()).toEqual({
        error: { code: 'invalid_config', message: 'webhook.secret: the webhook URL changed, so give the secret for it; the masked secret keeps the stored one for the same URL only' },
      });
    }
    expect(await siteObject(env, site).webhookTarget()).toEqual({ url: 'https://hooks.example.com/a', secret: SECRET });
    expect((await api(`/v1/sites/${site}/config`)).headers.get('etag')).toBe(tag);
  });

  it('takes a new URL with its own secret, and the same URL written differently with the mask', async () => {
    const site = freshSite();
    await put(site, testConfig({ webhook: { url: 'https://hooks.example.com/a', secret: SECRET } }));
    expect((await put(site, testConfig({ webhook: { url: 'https://HOOKS.example.com:443/a', secret: SECRET_MASK } }))).status).toBe(200);
    expect(await siteObject(env, site).webhookTarget()).toEqual({ url: 'https://HOOKS.example.com:443/a', secret: SECRET });
    const next = 'whsec_another-receiver-987654321';
    expect((await put(site, testConfig({ webhook: { url: 'https://other.example.net/hook', secret: next } }))).status).toBe(200);
    expect(await siteObject(env, site).webhookTarget()).toEqual({ url: 'https://other.example.net/hook', secret: next });
  });
});

describe('lead objects keep a configuration revision, never the webhook secret', () => {
  it('holds no secret after beacons, an identify, a rescoring and marketer reads, and scores with the current revision', async () => {
    const site = freshSite();
    await put(site, testConfig({ webhook: { url: LOCAL_HOOK, secret: SECRET } }));
    const visitor = newVisitor();
    const lead = `hygiene-${crypto.randomUUID().slice(0, 6)}@example.com`;
    // Hot: a delivery is owed (and fails against the closed port, so it stays pending).
    const identify = { id: newEventId(), type: 'identify', ts: Date.now(), lead, traits: { name: 'Ana' } };
    expect(await (await collect({ site, visitor, events: [...named('p50'), identify, ...named('p50')] })).json()).toEqual({ score: 100, band: 'hot' });
    const anonymous = newVisitor();
    expect(await (await collect({ site, visitor: anonymous, events: named('p10', 2) })).json()).toEqual({ score: 20, band: 'cold' });

    // A configuration change rescores every lead (the site's alarm), then the marketer reads them.
    expect((await put(site, testConfig({ webhook: { url: LOCAL_HOOK, secret: SECRET_MASK }, bands: { warm: 15, hot: 90 } }))).status).toBe(200);
    await settleRescore(site);
    expect((await api(`/v1/leads/${encodeURIComponent(lead)}?site=${site}`)).status).toBe(200);
    expect((await api(`/v1/leads/${anonymous}?site=${site}`)).status).toBe(200);

    const rev = (await siteObject(env, site).getConfig(site))!.rev;
    expect(rev).toBe(2);
    for (const stub of [await leadStub(site, lead), visitorStub(site, visitor), visitorStub(site, anonymous)]) {
      const dump = await storageDump(stub);
      // The dump covers the configuration row: its URL is there, its secret is not.
      expect(dump).toContain(LOCAL_HOOK);
      expect(dump).not.toContain(SECRET);
    }
    for (const stub of [await leadStub(site, lead), visitorStub(site, anonymous)]) {
      const found = (await inspect(stub))!;
      expect(found.state.config).toMatchObject({ rev, config: { webhook: { url: LOCAL_HOOK } } });
      expect(found.state.config!.config.webhook).toEqual({ url: LOCAL_HOOK });
    }
    expect((await inspect(await leadStub(site, lead)))!.state.webhooks?.length).toBe(1);
    // No more retries against the closed port.
    expect((await put(site, testConfig())).status).toBe(200);
  });

  it('reads the target from the site at each attempt: a webhook removed since drops the pending delivery', async () => {
    const site = freshSite();
    // `anonymous`: the visitor below is not identified, and only identified leads are sent by default.
    await put(site, testConfig({ webhook: { url: LOCAL_HOOK, secret: SECRET, anonymous: true } }));
    const visitor = newVisitor();
    expect(await (await collect({ site, visitor, events: named('p50', 2) })).json()).toEqual({ score: 100, band: 'hot' });
    const stub = visitorStub(site, visitor);
    // Nobody listens: the first attempt fails and the delivery waits for its retry.
    await vi.waitFor(async () => expect((await inspect(stub))!.state.webhooks?.[0]?.attempts).toBeGreaterThanOrEqual(1), { timeout: 5_000, interval: 50 });
    expect((await put(site, testConfig())).status).toBe(200);
    await vi.waitFor(async () => expect((await inspect(stub))!.state.webhooks).toBeUndefined(), { timeout: 5_000, interval: 50 });
  });
});
