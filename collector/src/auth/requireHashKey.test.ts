import { createExecutionContext, env, waitOnExecutionContext } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { app } from '../app';
import { NO_HASH_KEY_MESSAGE } from './requireHashKey';
import { newVisitor, ORIGIN, pageview } from '../../test/helpers';
import { AUTH } from '../../test/marketer';

/** Calls the app with `HASH_KEY` set to `key` (the Worker's other bindings as configured). */
async function call(key: string | undefined, method: string, path: string, init: { headers?: Record<string, string>; body?: string } = {}) {
  const ctx = createExecutionContext();
  const res = await app.fetch(new Request(`${ORIGIN}${path}`, { method, ...init }), { ...env, HASH_KEY: key }, ctx);
  await waitOnExecutionContext(ctx);
  return res;
}

describe('a Worker without HASH_KEY', () => {
  const beacon = () => JSON.stringify({ site: 'demo', visitor: newVisitor(), events: [pageview('/pricing')] });
  const routes: [string, string, { headers?: Record<string, string>; body?: string }][] = [
    ['POST', '/v1/collect', { headers: { 'Content-Type': 'text/plain' }, body: beacon() }],
    ['GET', '/v1/leads/someone%40example.com?site=demo', { headers: AUTH }],
    ['DELETE', '/v1/leads/someone%40example.com?site=demo', { headers: AUTH }],
  ];

  it('answers the routes that name leads with 503 and how to set it, rather than hash without a key', async () => {
    for (const key of [undefined, '']) {
      for (const [method, path, init] of routes) {
        const res = await call(key, method, path, init);
        expect({ method, path, status: res.status }).toEqual({ method, path, status: 503 });
        expect(await res.json()).toEqual({ error: { code: 'hash_key_not_configured', message: NO_HASH_KEY_MESSAGE } });
      }
    }
    expect(NO_HASH_KEY_MESSAGE).toContain('set HASH_KEY in .dev.vars (npm start creates it) or npx wrangler secret put HASH_KEY');
  });

  it('still authenticates marketer calls first, and serves the routes that do not need it', async () => {
    expect((await call(undefined, 'GET', '/v1/leads/someone%40example.com?site=demo')).status).toBe(401);
    expect((await call(undefined, 'GET', `/v1/score?site=demo&visitor=${newVisitor()}`)).status).toBe(200);
    expect((await call(undefined, 'GET', '/v1/leads?site=demo', { headers: AUTH })).status).toBe(200);
  });
});
