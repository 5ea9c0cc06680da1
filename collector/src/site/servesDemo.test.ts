// The demo is served only where DEMO_SITE says so (issue 15): without it, no shipped site `demo` and no signing route.
import { createExecutionContext, env, runInDurableObject, waitOnExecutionContext } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { app } from '../app';
import { siteObject } from '../objects';
import { ORIGIN } from '../../test/helpers';
import { ConfigStore, DEMO_CONFIG } from './ConfigStore';
import type { SiteObject } from './SiteObject';
import { servesDemo } from './servesDemo';

describe('servesDemo', () => {
  it('is on for DEMO_SITE=true only', () => {
    expect(servesDemo({ DEMO_SITE: 'true' })).toBe(true);
    for (const v of [undefined, '', 'false', '1', 'TRUE']) expect(servesDemo({ DEMO_SITE: v })).toBe(false);
  });

  it('POST /demo/sign answers 404 JSON without it, and signs with it', async () => {
    const post = async (vars: Record<string, string | undefined>) => {
      const ctx = createExecutionContext();
      const res = await app.fetch(new Request(`${ORIGIN}/demo/sign`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"lead":"a@example.com"}' }), { ...env, ...vars }, ctx);
      await waitOnExecutionContext(ctx);
      return res;
    };
    const off = await post({ DEMO_SITE: undefined });
    expect(off.status).toBe(404);
    expect(await off.json()).toEqual({ error: { code: 'not_found', message: 'no demo site on this collector' } });
    expect((await post({ DEMO_SITE: 'true' })).status).toBe(200);
  });

  it("gives site demo its shipped configuration only where the demo is served", async () => {
    await runInDurableObject(siteObject(env, `gate-${crypto.randomUUID().slice(0, 8)}`), async (_o: SiteObject, state) => {
      expect(new ConfigStore(state.storage.sql, false).get('demo')).toBeNull();
      expect(new ConfigStore(state.storage.sql, true).get('demo')?.config).toEqual(DEMO_CONFIG);
    });
  });
});
