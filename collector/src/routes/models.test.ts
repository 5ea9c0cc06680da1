// Several scores per lead through the HTTP API (issue 13): the collect reply, traits from the marketer API
// rescoring at once, grades, stages with their history and `lead.stage` webhooks, lists and the CSV filtered
// and sorted by any model, and bad input that changes nothing.
import { describe, expect, it } from 'vitest';
import { leadDetailsReply, leadListReply } from '../apiSchemas';
import { signBody } from '../webhook/signBody';
import { identify, newVisitor, pageview, send } from '../../test/helpers';
import { api, getJson, named, newSite } from '../../test/marketer';
import { deliveries, HOOK_SECRET, modelsConfig, newModelsSite, until } from '../../test/models';
import { settleRescore } from '../../test/sites';

type Details = ReturnType<typeof leadDetailsReply.parse>;
type List = ReturnType<typeof leadListReply.parse>;

const details = async (site: string, id: string): Promise<Details> => {
  const res = await api(`/v1/leads/${encodeURIComponent(id)}?site=${site}`);
  expect(res.status).toBe(200);
  return leadDetailsReply.strict().parse(await res.json());
};
const list = async (query: string): Promise<List> => {
  const res = await api(`/v1/leads?${query}`);
  expect(res.status).toBe(200);
  return leadListReply.strict().parse(await res.json());
};
const patchTraits = (site: string, id: string, body: unknown) => api(`/v1/leads/${encodeURIComponent(id)}/traits?site=${site}`, { method: 'PATCH', body: typeof body === 'string' ? body : JSON.stringify(body) });
const putStage = (site: string, id: string, body: unknown) => api(`/v1/leads/${encodeURIComponent(id)}/stage?site=${site}`, { method: 'PUT', body: JSON.stringify(body) });
const modelOf = (d: Details, id: string) => d.models.find((m) => m.id === id)!;
const stageHooks = async (site: string) => (await deliveries(site)).filter((d) => d.json.type === 'lead.stage');

describe('POST /v1/collect on a site with several models', () => {
  it('adds the other models’ scores and bands to the reply, and only there', async () => {
    const site = await newModelsSite();
    const reply = await send<Record<string, unknown>>(site, newVisitor(), [pageview('/billing'), pageview('/billing/plans'), pageview('/analytics')]);
    expect(reply).toEqual({ score: 0, band: 'cold', models: { billing: { score: 40, band: 'hot' }, analytics: { score: 20, band: 'warm' }, fit: { score: 0, band: 'cold' } } });
  });

  it('answers {score, band} alone on a site with one model', async () => {
    const site = await newSite();
    expect(await send<Record<string, unknown>>(site, newVisitor(), [pageview('/billing'), ...named('p10')])).toEqual({ score: 10, band: 'cold' });
  });
});

describe('a lead from subscriber to MQL', () => {
  it('moves forward by its scores and traits, with a history and one signed lead.stage webhook per change', async () => {
    const site = await newModelsSite();
    const visitor = newVisitor();
    const lead = 'ana@acme.example';
    await send<Record<string, unknown>>(site, visitor, [identify(lead, { role: 'CTO' })]);
    expect((await details(site, lead)).stage).toBe('subscriber');
    await send<Record<string, unknown>>(site, visitor, named('p10'));
    let d = await details(site, lead);
    expect(d.stage).toBe('lead');
    expect(modelOf(d, 'fit')).toMatchObject({ score: 30, grade: 'C' });
    await send<Record<string, unknown>>(site, visitor, named('p10', 3));
    // Engaged enough, but the fit grade C is below MQL's B: the CRM's enrichment tips it.
    expect((await details(site, lead)).stage).toBe('lead');
    const patched = await patchTraits(site, lead, { traits: { company_size: 120 } });
    expect(patched.status).toBe(200);
    d = leadDetailsReply.strict().parse(await patched.json());
    expect(modelOf(d, 'fit')).toMatchObject({ score: 80, grade: 'A' });
    expect(d.stage).toBe('mql');
    expect(d.stageHistory.map((e) => [e.stage, e.by])).toEqual([
      ['subscriber', 'rules'],
      ['lead', 'rules'],
      ['mql', 'rules'],
    ]);
    expect(d.stageHistory.every((e, i) => i === 0 || Date.parse(e.at) >= Date.parse(d.stageHistory[i - 1]!.at))).toBe(true);
    // More signals: no stage beyond MQL holds by rules, so no more deliveries.
    await send<Record<string, unknown>>(site, visitor, named('p10', 2));
    await until(async () => (await stageHooks(site)).length === 3, 'three lead.stage webhooks');
    const hooks = await stageHooks(site);
    expect(hooks.map((h) => [h.json.from, h.json.stage, h.json.by])).toEqual([
      [null, 'subscriber', 'rules'],
      ['subscriber', 'lead', 'rules'],
      ['lead', 'mql', 'rules'],
    ]);
    for (const h of hooks) {
      expect(h.json).toMatchObject({ type: 'lead.stage', site, lead });
      expect(h.headers['x-leadpulse-signature']).toBe(await signBody(h.body, HOOK_SECRET));
    }
    expect((await list(`site=${site}&stage=mql`)).leads.map((l) => [l.id, l.stage, l.grade])).toEqual([[lead, 'mql', null]]);
  });

  it('takes a stage from the marketer, once per change, and holds an earlier one against the rules', async () => {
    const site = await newModelsSite();
    const visitor = newVisitor();
    const lead = 'bo@acme.example';
    await send<Record<string, unknown>>(site, visitor, [identify(lead, { role: 'CTO', company_size: 80 }), ...named('p10', 4)]);
    expect((await details(site, lead)).stage).toBe('mql');
    const res = await putStage(site, lead, { stage: 'sql' });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ stage: 'sql', stageHistory: [{ stage: 'mql', by: 'rules' }, { stage: 'sql', by: 'api' }] });
    expect((await putStage(site, lead, { stage: 'sql' })).status).toBe(200);
    // Back to lead: the rules do not move it to MQL again, where it has been.
    expect(await (await putStage(site, lead, { stage: 'lead' })).json()).toMatchObject({ stage: 'lead' });
    await send<Record<string, unknown>>(site, visitor, named('p10'));
    expect((await details(site, lead)).stage).toBe('lead');
    await until(async () => (await stageHooks(site)).length === 3, 'three lead.stage webhooks');
    expect((await stageHooks(site)).map((h) => [h.json.from, h.json.stage, h.json.by])).toEqual([
      [null, 'mql', 'rules'],
      ['mql', 'sql', 'api'],
      ['sql', 'lead', 'api'],
    ]);
  });
});

describe('PATCH /v1/leads/:id/traits', () => {
  it('rescores at once, removes a trait with null, and keeps API traits over the browser’s', async () => {
    const site = await newModelsSite();
    const visitor = newVisitor();
    const lead = 'cy@gmail.com';
    await send<Record<string, unknown>>(site, visitor, [identify(lead, { role: 'Intern' })]);
    expect(modelOf(await details(site, lead), 'fit')).toMatchObject({ score: 0, grade: 'D' });
    const res = await patchTraits(site, lead, { traits: { role: 'VP Engineering', company_size: '500', plan: 'trial' } });
    const d = leadDetailsReply.strict().parse(await res.json());
    // 50 + 30 − 30 for the free-mail address.
    expect(modelOf(d, 'fit')).toMatchObject({ score: 50, grade: 'B' });
    expect((await list(`site=${site}&model=fit&grade=B`)).leads.map((l) => l.models.fit)).toEqual([{ score: 50, band: 'warm', grade: 'B' }]);
    await send<Record<string, unknown>>(site, visitor, [identify(lead, { role: 'Intern' })]);
    expect((await details(site, lead)).traits.role).toBe('VP Engineering');
    const removed = leadDetailsReply.strict().parse(await (await patchTraits(site, lead, { traits: { company_size: null } })).json());
    expect(removed.traits).toEqual({ role: 'VP Engineering', plan: 'trial' });
    expect(modelOf(removed, 'fit').score).toBe(0);
  });

  it('refuses bad traits with a message naming what is wrong, and changes nothing', async () => {
    const site = await newModelsSite();
    const lead = 'di@acme.example';
    await send<Record<string, unknown>>(site, newVisitor(), [identify(lead, { role: 'CTO' })]);
    const before = await details(site, lead);
    const many = (n: number, from = 0) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`t${from + i}`, i]));
    const cases: [unknown, string][] = [
      ['{', 'body is not valid JSON'],
      [{}, 'traits: required'],
      [{ traits: {} }, 'traits: at least one trait'],
      [{ traits: many(26) }, 'traits: at most 25 traits per request'],
      [{ traits: { role: 'x'.repeat(513) } }, 'traits.role: must be at most 512 characters'],
      [{ traits: { ['n'.repeat(65)]: 1 } }, 'traits: a key must be at most 64 characters'],
      [{ traits: { role: { nested: true } } }, 'traits.role: must be a string (at most 512 characters), a number, true/false or null'],
      [{ traits: { role: 'CTO' }, extra: 1 }, 'Unrecognized key: "extra"'],
    ];
    for (const [body, message] of cases) {
      const res = await patchTraits(site, lead, body);
      expect({ body, status: res.status, reply: await res.json() }).toEqual({ body, status: 400, reply: { error: { code: 'invalid_request', message } } });
    }
    // Over the lead's 100 traits in all: refused whole.
    for (let i = 0; i < 3; i++) expect((await patchTraits(site, lead, { traits: many(25, i * 25) })).status).toBe(200);
    const full = await patchTraits(site, lead, { traits: many(25, 75) });
    expect(full.status).toBe(400);
    expect(await full.json()).toEqual({ error: { code: 'invalid_request', message: 'traits: the lead would have 101 traits; at most 100 (remove some with null)' } });
    const after = await details(site, lead);
    expect(Object.keys(after.traits).length).toBe(76);
    expect(after.traits.role).toBe(before.traits.role);
  });

  it('answers 404 for an unknown lead and 409 for a visitor not identified yet', async () => {
    const site = await newModelsSite();
    const visitor = newVisitor();
    await send<Record<string, unknown>>(site, visitor, named('p10'));
    expect((await patchTraits(site, 'nobody@acme.example', { traits: { a: 1 } })).status).toBe(404);
    const res = await patchTraits(site, visitor, { traits: { a: 1 } });
    expect(res.status).toBe(409);
    expect(await res.json()).toMatchObject({ error: { code: 'not_identified' } });
    expect((await putStage(site, visitor, { stage: 'sql' })).status).toBe(409);
  });
});

describe('PUT /v1/leads/:id/stage', () => {
  it('refuses a stage the site does not have, naming it', async () => {
    const site = await newModelsSite();
    const lead = 'ed@acme.example';
    await send<Record<string, unknown>>(site, newVisitor(), [identify(lead)]);
    const res = await putStage(site, lead, { stage: 'won' });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error: { code: 'invalid_request', message: "stage: unknown stage 'won'; one of subscriber, lead, mql, sql, customer" } });
    expect((await putStage(site, lead, {})).status).toBe(400);
    expect((await details(site, lead)).stageHistory.map((e) => e.stage)).toEqual(['subscriber']);
  });
});

describe('GET /v1/leads/:id with several models', () => {
  it('explains every model: contributions that add up to each score, the grade, labels, the primary', async () => {
    const site = await newModelsSite();
    const lead = 'fe@acme.example';
    await send<Record<string, unknown>>(site, newVisitor(), [identify(lead, { company_size: 60 }), pageview('/billing'), pageview('/billing/x'), pageview('/pricing'), ...named('p10', 2)]);
    const d = await details(site, lead);
    expect(d.models.map((m) => [m.id, m.kind, m.primary, m.score])).toEqual([
      ['default', 'engagement', true, 27],
      ['billing', 'engagement', false, 40],
      ['analytics', 'engagement', false, 0],
      ['fit', 'fit', false, 50],
    ]);
    for (const m of d.models) expect(Math.round(m.contributions.reduce((s, c) => s + c.points, 0))).toBe(m.score);
    expect(modelOf(d, 'billing')).toMatchObject({ label: 'Billing', contributions: [{ rule: 'billing-pages', label: 'Billing pages', count: 2 }] });
    expect(modelOf(d, 'fit')).toMatchObject({ grade: 'B', contributions: [{ rule: 'size', label: '50 people or more', points: 50, count: 1 }, { rule: 'role', points: 0, count: 0 }, { rule: 'free-mail', points: 0, count: 0 }] });
    expect({ score: d.score, grade: d.grade, contributions: d.contributions }).toEqual({ score: 27, grade: null, contributions: modelOf(d, 'default').contributions });
  });
});

describe('lists by any model', () => {
  async function products() {
    const site = await newModelsSite();
    const mk = async (billing: number, analytics: number, p10: number, p1 = 0) => {
      const visitor = newVisitor();
      const events = [...Array.from({ length: billing }, (_, i) => pageview(`/billing/${i}`)), ...Array.from({ length: analytics }, (_, i) => pageview(`/analytics/${i}`)), ...named('p10', p10), ...named('p1', p1)];
      await send<Record<string, unknown>>(site, visitor, events);
      return visitor;
    };
    const [a, b, c, d] = [await mk(3, 0, 1), await mk(1, 2, 2), await mk(0, 1, 3), await mk(2, 0, 0)];
    return { site, a, b, c, d };
  }

  it('filters by a model’s band and sorts by a model’s score, page by page; a visitor scored by another model only is listed', async () => {
    const { site, a, b, c, d } = await products();
    expect((await list(`site=${site}`)).leads.map((l) => l.id)).toEqual([c, b, a, d]);
    expect((await list(`site=${site}&model=billing&band=hot`)).leads.map((l) => [l.id, l.models.billing!.score])).toEqual([
      [a, 60],
      [d, 40],
    ]);
    const byAnalytics = (await list(`site=${site}&sort=analytics`)).leads.map((l) => l.id);
    expect(byAnalytics.slice(0, 2)).toEqual([b, c]);
    expect(new Set(byAnalytics.slice(2))).toEqual(new Set([a, d]));
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: List = await list(`site=${site}&sort=billing&limit=1${cursor ? `&cursor=${cursor}` : ''}`);
      seen.push(...page.leads.map((l) => l.id));
      cursor = page.cursor;
    } while (cursor);
    expect(seen).toEqual([a, d, b, c]);
    expect((await list(`site=${site}&model=billing&band=warm&sort=analytics`)).leads.map((l) => l.id)).toEqual([b]);
    expect((await list(`site=${site}&model=analytics&band=warm&sort=billing`)).leads.map((l) => l.id)).toEqual([c]);
  });

  it('exports the other models, the grade and the stage as CSV columns, filtered the same way', async () => {
    const { site, a, d } = await products();
    const rows = (await (await api(`/v1/leads.csv?site=${site}&model=billing&band=hot`)).text()).trim().split('\r\n');
    expect(rows[0]).toBe('id,score,band,lastSeen,identified,confidence,publishedAt,stage,billing.score,billing.band,analytics.score,analytics.band,fit.score,fit.band,fit.grade');
    expect(rows.slice(1).map((r) => r.split(',')).map((c) => [c[0], c[7], c[8], c[9], c[14]])).toEqual([
      [a, '', '60', 'hot', 'D'],
      [d, '', '40', 'hot', 'D'],
    ]);
  });

  it('refuses an unknown model or stage and a grade of a model without grades, naming the parameter', async () => {
    const site = await newModelsSite();
    const cases: [string, string][] = [
      ['model=biling', "model: unknown model 'biling'; one of default, billing, analytics, fit"],
      ['sort=x', "sort: unknown model 'x'; one of default, billing, analytics, fit"],
      ['stage=won', "stage: unknown stage 'won'; one of subscriber, lead, mql, sql, customer"],
      ['grade=A', "grade: model 'default' has no grades; name a model with grades in model="],
      ['model=billing&grade=B', "grade: model 'billing' has no grades; name a model with grades in model="],
      ['grade=E', "grade: must be one of 'A', 'B', 'C', 'D'"],
    ];
    for (const [query, message] of cases) {
      for (const path of ['/v1/leads', '/v1/leads.csv']) {
        const res = await api(`${path}?site=${site}&${query}`);
        expect({ path, query, status: res.status, body: await res.json() }).toEqual({ path, query, status: 400, body: { error: { code: 'invalid_request', message } } });
      }
    }
  });

  it('rescores every model when the configuration changes', async () => {
    const { site, a } = await products();
    const changed = modelsConfig(site);
    changed.models[0]!.rules[0] = { id: 'billing-pages', label: 'Billing pages', when: { type: 'pageview', path: '/billing{/*}?' }, points: 5, max: 60 };
    expect((await api(`/v1/sites/${site}/config`, { method: 'PUT', body: JSON.stringify(changed) })).status).toBe(200);
    await settleRescore(site);
    expect((await list(`site=${site}&sort=billing&limit=1`)).leads.map((l) => [l.id, l.models.billing])).toEqual([[a, { score: 15, band: 'cold', grade: null }]]);
  });
});

describe('PUT /v1/sites/:site/config with models', () => {
  it('refuses a bad model with 400 naming the field and stores nothing', async () => {
    const site = `m-${crypto.randomUUID().slice(0, 8)}`;
    const bad = modelsConfig(site, { primary: 'sales' });
    const res = await api(`/v1/sites/${site}/config`, { method: 'PUT', body: JSON.stringify(bad) });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error: { code: 'invalid_config', message: "primary: unknown model 'sales'; one of default, billing, analytics, fit" } });
    expect((await api(`/v1/sites/${site}/config`)).status).toBe(404);
    const good = await newModelsSite();
    const before = await getJson(`/v1/sites/${good}/config`);
    const wrongType = modelsConfig(good);
    (wrongType.models[2]!.rules[0] as { when: Record<string, unknown> }).when.gte = '50';
    const refused = await api(`/v1/sites/${good}/config`, { method: 'PUT', body: JSON.stringify(wrongType) });
    expect(await refused.json()).toEqual({ error: { code: 'invalid_config', message: 'models[2].rules[0].when.gte: must be a number' } });
    expect(await getJson(`/v1/sites/${good}/config`)).toEqual(before);
  });
});
