import { env, runDurableObjectAlarm } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { conversionsReply } from '../apiSchemas';
import { leadObjectName, visitorObjectName } from '../lead/leadName';
import { collect, identify, newEventId, newVisitor } from '../../test/helpers';
import { api, getJson, named, newSite, testConfig } from '../../test/marketer';
import { insightCounts, insightsRows, postConversions, settleInsights } from '../../test/outcomes';
import { leadObject } from '../objects';

const MINUTE = 60_000;
const at = (ts: number, e: Record<string, unknown>) => ({ ...e, ts });

async function post(site: string, body: unknown, type?: string) {
  const res = await postConversions(site, body, type);
  expect(res.status).toBe(200);
  return conversionsReply.strict().parse(await res.json());
}

describe('POST /v1/conversions', () => {
  it('records a JSON batch once per id, with a result for each item', async () => {
    const site = await newSite();
    const t0 = Date.now() - 10 * MINUTE;
    const [buyer, anon] = [newVisitor(), newVisitor()];
    await collect({ site, visitor: buyer, events: [identify('Ana@Example.com', undefined, t0), ...named('p10', 2, t0)] });
    await collect({ site, visitor: anon, events: named('p1', 3, t0) });
    const when = new Date(t0 + MINUTE).toISOString();
    const batch = {
      conversions: [
        { id: 'deal-1', lead: 'ana@example.com', outcome: 'won', at: when, value: 1200 },
        { lead: anon, outcome: 'demo_booked', at: t0 + MINUTE },
        { id: 'deal-2', lead: 'nobody@example.com', outcome: 'won', at: when },
        { id: 'deal-3', lead: 'ana@example.com', outcome: 'Won!', at: when },
        { id: 'deal-1', lead: 'ana@example.com', outcome: 'won', at: when },
        { id: 'deal-4', lead: 'ana@example.com', outcome: 'lost', at: Date.now() + 3_600_000 },
        { id: 'deal-5', lead: 'ana@example.com', outcome: 'lost', at: when, amount: 3 },
      ],
    };
    const first = await post(site, batch);
    expect(first).toMatchObject({ site, received: 7, recorded: 2, duplicate: 1, unknownLead: 1, invalid: 3 });
    expect(first.results.map((r) => [r.index, r.result])).toEqual([[0, 'recorded'], [1, 'recorded'], [2, 'unknown_lead'], [3, 'invalid'], [4, 'duplicate'], [5, 'invalid'], [6, 'invalid']]);
    expect(first.results[0]!.id).toBe('deal-1');
    expect(first.results[1]!.id).toMatch(/^auto-[A-Za-z0-9_-]{22}$/);
    expect(first.results[2]!.message).toBe(`no lead or visitor 'nobody@example.com' on site '${site}'`);
    expect(first.results[3]!.message).toMatch(/^outcome: must be 1 to 32 characters of \[a-z0-9_\]/);
    expect(first.results[5]!.message).toBe('at: in the future');
    expect(first.results[6]!.message).toBe('amount: unknown field');

    // The same batch again changes nothing.
    const again = await post(site, batch);
    expect(again).toMatchObject({ recorded: 0, duplicate: 3, unknownLead: 1, invalid: 3 });
    const rows = await insightsRows(site);
    expect(rows.outcomes.map((o) => [o.id, o.outcome, o.value])).toEqual(expect.arrayContaining([['deal-1', 'won', 1200], [first.results[1]!.id, 'demo_booked', null]]));
    expect(rows.outcomes).toHaveLength(2);
    expect(rows.outcomes.find((o) => o.id === 'deal-1')!.lead).toBe(await leadObjectName(env.HASH_KEY, site, 'ana@example.com'));
    expect(rows.outcomes.find((o) => o.outcome === 'demo_booked')!.lead).toBe(visitorObjectName(site, anon));
    const insights = await getJson(`/v1/sites/${site}/insights`);
    expect(insights.outcomes).toEqual([
      { outcome: 'demo_booked', outcomes: 1, leads: 1, value: 0 },
      { outcome: 'won', outcomes: 1, leads: 1, value: 1200 },
    ]);
  });

  it('reads CSV as a CRM exports it: quoted cells, dates, a header in any order, and the same rows sent twice recorded once', async () => {
    const site = await newSite();
    const t0 = Date.now() - 3 * 86_400_000;
    const [a, b] = [newVisitor(), newVisitor()];
    await collect({ site, visitor: a, events: [identify('Buyer, Inc <buyer@example.com>', undefined, t0), ...named('p10', 1, t0)] });
    await collect({ site, visitor: b, events: [identify('crm-0042', undefined, t0)] });
    const day = new Date(t0 + 86_400_000).toISOString().slice(0, 10);
    const csv = [
      'Outcome,Lead,At,Value,Owner',
      `won,"buyer, inc <buyer@example.com>",${new Date(t0 + MINUTE).toISOString()},1200.50,"Smith, Jo"`,
      `demo_booked,crm-0042,${day},,Jo`,
      `lost,crm-0042,${day},12 EUR,Jo`,
      `won,crm-0042`,
      '',
    ].join('\r\n');
    const first = await post(site, csv);
    expect(first.results.map((r) => r.result)).toEqual(['recorded', 'recorded', 'invalid', 'invalid']);
    expect(first.results[2]!.message).toBe('value: must be a number, like 1200.50 (no currency, no thousands separator)');
    expect(first.results[3]!.message).toBe('row has 2 cells, the header 5');
    expect((await post(site, csv)).results.map((r) => r.result)).toEqual(['duplicate', 'duplicate', 'invalid', 'invalid']);
    const rows = await insightsRows(site);
    expect(rows.outcomes.map((o) => [o.outcome, o.at, o.value])).toEqual([
      ['won', t0 + MINUTE, 1200.5],
      ['demo_booked', Date.parse(`${day}T00:00:00Z`), null],
    ]);
  });

  it('refuses a bad request with a clear 4xx and stores nothing', async () => {
    const site = await newSite();
    const v = newVisitor();
    await collect({ site, visitor: v, events: named('p1') });
    const item = { lead: v, outcome: 'won', at: Date.now() - MINUTE };
    const cases: [unknown, string | undefined, number, string, string][] = [
      [{ conversions: [item] }, 'text/plain', 415, 'unsupported_media_type', 'Content-Type must be application/json or text/csv'],
      ['{"conversions": [', 'application/json', 400, 'invalid_request', 'body is not valid JSON'],
      [{}, undefined, 400, 'invalid_request', 'conversions: required'],
      [{ conversions: [] }, undefined, 400, 'invalid_request', 'conversions: at least 1 item'],
      [{ conversions: [item], site }, undefined, 400, 'invalid_request', 'site: unknown field; the body is {"conversions": [...]}'],
      [{ conversions: Array.from({ length: 1001 }, () => item) }, undefined, 413, 'payload_too_large', 'conversions: at most 1000 items'],
      ['lead,outcome,value\r\nx,won,1\r\n', undefined, 400, 'invalid_request', 'CSV: missing column at; the first line names the columns: lead,outcome,at,value'],
      ['lead,outcome,at\r\n', undefined, 400, 'invalid_request', 'CSV: no rows after the header'],
      ['lead,outcome,at\r\n"x,won,1\r\n', undefined, 400, 'invalid_request', 'CSV: a quoted cell is not closed'],
      [`lead,outcome,at\r\n${`${v},won,${Date.now()}\r\n`.repeat(1001)}`, undefined, 413, 'payload_too_large', 'CSV: at most 1000 rows, got 1001'],
      [`{"conversions": ["${'x'.repeat(1024 * 1024)}"]}`, 'application/json', 413, 'payload_too_large', 'body larger than 1048576 bytes'],
    ];
    for (const [body, type, status, code, message] of cases) {
      const res = await postConversions(site, body, type);
      expect({ status: res.status, body: await res.json() }).toEqual({ status, body: { error: { code, message } } });
    }
    const unknown = await postConversions('no-such-site', { conversions: [item] });
    expect(unknown.status).toBe(404);
    const anonymous = await api(`/v1/conversions?site=${site}`, { method: 'POST', headers: { Authorization: '', 'Content-Type': 'application/json' }, body: JSON.stringify({ conversions: [item] }) });
    expect(anonymous.status).toBe(401);
    expect((await postConversions('Bad Site', { conversions: [item] })).status).toBe(400);
    expect((await insightsRows(site)).outcomes).toEqual([]);
  });

  it('compares an outcome with what the lead had before it: later signals never count, and a rule change rewrites nothing', async () => {
    const site = await newSite();
    const t0 = Date.now() - 10 * MINUTE;
    const v = newVisitor();
    await collect({ site, visitor: v, events: [identify('bob@example.com', undefined, t0), at(t0, { id: newEventId(), type: 'pageview', path: '/pricing' }), ...named('p10', 1, t0)] });
    // After the outcome: the careers page and a big event.
    await collect({ site, visitor: v, events: [at(t0 + 8 * MINUTE, { id: newEventId(), type: 'pageview', path: '/careers' }), ...named('p50', 1, t0 + 8 * MINUTE)] });
    expect((await post(site, { conversions: [{ id: 'won-bob', lead: 'bob@example.com', outcome: 'won', at: t0 + 5 * MINUTE }] })).recorded).toBe(1);

    const name = await leadObjectName(env.HASH_KEY, site, 'bob@example.com');
    const rows = await insightsRows(site, name);
    expect(rows.outcomes).toHaveLength(1);
    expect([...rows.outcomes[0]!.keys].sort()).toEqual(['event p10', 'identify', 'pageview /pricing']);
    expect(rows.outcomes[0]!.score).toBe(17); // pricing 7 + p10 10; not p50 nor careers
    // The lead counts with what it had before: the careers page, seen after, is not among its signals.
    const counts = await insightCounts(site);
    const members = (f: string) => (counts.all.get(f) ?? 0) - (counts.converted.get(f)?.cur ?? 0) + (counts.converted.get(f)?.before ?? 0);
    expect(members('k:pageview /careers')).toBe(0);
    expect(members('k:pageview /pricing')).toBe(1);
    expect(counts.converted.get('k:pageview /pricing')!.before).toBe(1);

    // New points for pricing: the recorded outcome keeps its score and keys.
    const config = testConfig();
    (config.rules as { id: string; points: number }[]).find((r) => r.id === 'pricing')!.points = 30;
    expect((await api(`/v1/sites/${site}/config`, { method: 'PUT', body: JSON.stringify(config) })).status).toBe(200);
    const after = await insightsRows(site);
    expect(after.outcomes[0]).toEqual(rows.outcomes[0]);
    const insights = await getJson(`/v1/sites/${site}/insights`);
    expect(insights.calibration.olderScores).toBe(1);
  });

  it("moves a visitor's outcome to its lead when the visitor is identified later", async () => {
    const site = await newSite();
    const t0 = Date.now() - 10 * MINUTE;
    const v = newVisitor();
    await collect({ site, visitor: v, events: named('p10', 1, t0) });
    expect((await post(site, { conversions: [{ id: 'demo-1', lead: v, outcome: 'demo_booked', at: t0 + MINUTE }] })).recorded).toBe(1);
    await collect({ site, visitor: v, events: [identify('carol@example.com', undefined, t0 + 2 * MINUTE)] });
    const lead = await leadObjectName(env.HASH_KEY, site, 'carol@example.com');
    // What the visitor had waiting for insights in its index object went with its row: the lead reports its own.
    await settleInsights(site, [v]);
    const rows = await insightsRows(site, visitorObjectName(site, v));
    expect(rows.outcomes.map((o) => o.lead)).toEqual([lead]);
    expect(rows.conversions).toEqual([{ outcome: 'demo_booked', lead }]);
    expect(rows.features).toEqual([]);
    expect((await insightCounts(site, 'demo_booked')).all.get('*')).toBe(1);
    // The visitor id still names the lead.
    expect((await post(site, { conversions: [{ id: 'won-1', lead: v, outcome: 'won', at: t0 + 3 * MINUTE }] })).results[0]!.result).toBe('recorded');
    expect((await insightsRows(site)).outcomes.map((o) => o.lead)).toEqual([lead, lead]);
  });

  it("does not count an erased lead's reports that were still waiting in its index object", async () => {
    const site = await newSite();
    const t0 = Date.now() - 10 * MINUTE;
    const v = newVisitor();
    await collect({ site, visitor: v, events: [identify('erin@example.com', undefined, t0), ...named('p10', 1, t0)] });
    const name = await leadObjectName(env.HASH_KEY, site, 'erin@example.com');
    // The lead's notes and score are in its index object's batch, not yet sent to insights.
    await runDurableObjectAlarm(leadObject(env, visitorObjectName(site, v)));
    await runDurableObjectAlarm(leadObject(env, name));
    expect((await insightsRows(site, name)).features).toEqual([]);

    expect((await api(`/v1/leads/erin%40example.com?site=${site}`, { method: 'DELETE' })).status).toBe(204);
    await settleInsights(site);
    expect((await insightsRows(site, name)).features).toEqual([]);
    expect((await insightCounts(site)).all.get('*') ?? 0).toBe(0);
  });

  it('is erased with the lead', async () => {
    const site = await newSite();
    const t0 = Date.now() - 10 * MINUTE;
    const [v, other] = [newVisitor(), newVisitor()];
    await collect({ site, visitor: v, events: [identify('dora@example.com', undefined, t0), ...named('p10', 1, t0)] });
    await collect({ site, visitor: other, events: named('p10', 1, t0) });
    await post(site, { conversions: [{ lead: 'dora@example.com', outcome: 'won', at: t0 + MINUTE, value: 10 }, { lead: other, outcome: 'won', at: t0 + MINUTE }] });
    const name = await leadObjectName(env.HASH_KEY, site, 'dora@example.com');
    expect((await insightsRows(site, name)).features.length).toBeGreaterThan(2);

    expect((await api(`/v1/leads/dora%40example.com?site=${site}`, { method: 'DELETE' })).status).toBe(204);
    const rows = await insightsRows(site, name);
    expect(rows.outcomes.map((o) => o.lead)).toEqual([visitorObjectName(site, other)]);
    expect(rows.features).toEqual([]);
    expect(rows.conversions).toEqual([{ outcome: 'won', lead: visitorObjectName(site, other) }]);
    const counts = await insightCounts(site);
    expect(counts.all.get('*')).toBe(1);
    expect(counts.converted.get('*')).toEqual({ cur: 1, before: 1 });
    const insights = await getJson(`/v1/sites/${site}/insights`);
    expect(insights.outcomes).toEqual([{ outcome: 'won', outcomes: 1, leads: 1, value: 0 }]);
  });
});
