// Numbered migrations bring site objects of earlier releases up to date: API keys, and lead objects that
// were handed the webhook secret.
import { abortAllDurableObjects, env, runInDurableObject } from 'cloudflare:test';
import { describe, expect, it, vi } from 'vitest';
import { collect, newVisitor } from '../../test/helpers';
import { api, named, newSite, testConfig } from '../../test/marketer';
import { visitorStub } from '../../test/sites';
import type { LeadObject } from '../lead/LeadObject';
import { siteObject } from '../objects';
import type { SiteObject } from './SiteObject';
import { SITE_MIGRATIONS } from './siteMigrations';

const SECRET = 'whsec_from-an-earlier-release-0123';

describe('site object migrations', () => {
  it('adds the key table, and rescores every lead so that none keeps the copy with the secret it was handed before', async () => {
    const site = await newSite({ webhook: { url: 'https://hooks.example.com/lead', secret: SECRET } });
    const visitor = newVisitor();
    await collect({ site, visitor, events: named('p10') });
    // Stubs made afresh for each call: an aborted object's old stubs stay broken.
    const siteSql = <T>(f: (sql: SqlStorage) => T) => runInDurableObject(siteObject(env, site), (_o: SiteObject, state) => f(state.storage.sql));
    const leadSql = <T>(f: (sql: SqlStorage) => T) => runInDurableObject(visitorStub(site, visitor), (_o: LeadObject, state) => f(state.storage.sql));
    // As release 3 left them: no key table, and the lead's copy of the configuration with the secret.
    const stored = await siteSql((s) => s.exec<{ v: string }>("SELECT v FROM config WHERE k = 'config'").one().v);
    await siteSql((s) => s.exec("DROP TABLE api_keys; UPDATE meta SET v = '3' WHERE k = 'schema'"));
    await leadSql((s) => s.exec("UPDATE meta SET v = ? WHERE k = 'config'", stored));
    expect(await leadSql((s) => s.exec<{ v: string }>("SELECT v FROM meta WHERE k = 'config'").one().v)).toContain(SECRET);
    await abortAllDurableObjects();

    // The site object's next start migrates it and starts the rescoring.
    const before = JSON.parse(stored) as { rev: number; version: string };
    const after = (await siteObject(env, site).getConfig(site))!;
    expect(after.rev).toBe(before.rev + 1);
    expect(after.version).not.toBe(before.version);
    expect(await siteObject(env, site).webhookTarget()).toEqual({ url: 'https://hooks.example.com/lead', secret: SECRET });
    expect(await siteSql((s) => s.exec<{ v: string }>("SELECT v FROM meta WHERE k = 'schema'").one().v)).toBe(String(SITE_MIGRATIONS.length));
    expect(await siteSql((s) => s.exec('SELECT * FROM api_keys').toArray())).toEqual([]);
    await vi.waitFor(async () => expect(await leadSql((s) => s.exec<{ v: string }>("SELECT v FROM meta WHERE k = 'config'").one().v)).not.toContain(SECRET), { timeout: 5_000, interval: 50 });
    expect(JSON.parse(await leadSql((s) => s.exec<{ v: string }>("SELECT v FROM meta WHERE k = 'config'").one().v))).toMatchObject({ rev: after.rev, config: { webhook: { url: 'https://hooks.example.com/lead' } } });
  });

  it('leaves a configuration without a webhook as it was', async () => {
    const site = await newSite();
    const siteStub = siteObject(env, site);
    const before = (await siteStub.getConfig(site))!;
    await runInDurableObject(siteStub, (_o: SiteObject, state) => state.storage.sql.exec("UPDATE meta SET v = '3' WHERE k = 'schema'"));
    await abortAllDurableObjects();
    expect(await siteObject(env, site).getConfig(site)).toEqual(before);
    expect((await api(`/v1/sites/${site}/config`)).status).toBe(200);
    expect(testConfig()).not.toHaveProperty('webhook');
  });
});
