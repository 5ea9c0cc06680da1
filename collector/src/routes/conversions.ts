// `POST /v1/conversions`: outcomes from a CRM, as JSON or CSV, each compared with what its lead had before
// it (docs/insights.md). The whole request is checked before anything is stored; each item then gets its
// own result: recorded, duplicate (its id was recorded before), unknown_lead or invalid.
import { Hono } from 'hono';
import type { z } from 'zod';
import { conversionsQuery, type conversionResult, type conversionsReply } from '../apiSchemas';
import type { Env } from '../env';
import { ApiError } from '../errors';
import { limitBody } from '../middleware/limitBody';
import { itemsFromCsv, itemsFromJson, MAX_CONVERSIONS_BYTES, type CheckedItem } from '../insights/conversionItems';
import type { OutcomeRecord } from '../insights/InsightsStore';
import { outcomeId } from '../insights/outcomeId';
import { resolveOutcomeLead } from '../insights/resolveOutcomeLead';
import { requireSite } from '../marketer/requireSite';
import { validate } from '../marketer/validate';
import { insightsObject } from '../objects';

/** The conversions route, mounted under `/v1`. */
export const conversions = new Hono<{ Bindings: Env }>();

/** Lead objects asked at a time while a batch is resolved. */
const CONCURRENCY = 8;

type Result = z.infer<typeof conversionResult>;

conversions.post(
  '/conversions',
  limitBody(MAX_CONVERSIONS_BYTES),
  async (c) => {
    const { site } = validate(conversionsQuery, c.req.query());
    const type = (c.req.header('Content-Type') ?? '').split(';')[0]!.trim().toLowerCase();
    if (type !== 'application/json' && type !== 'text/csv') throw new ApiError(415, 'unsupported_media_type', 'Content-Type must be application/json or text/csv');
    const now = Date.now();
    const text = await c.req.text();
    const checked: CheckedItem[] = type === 'text/csv' ? itemsFromCsv(text, now) : itemsFromJson(text, now);
    const config = await requireSite(c.env, site);
    const store = insightsObject(c.env, site);

    const results: Result[] = [];
    const ids = await Promise.all(checked.map((x) => (x.ok ? (x.item.id ?? outcomeId(site, x.item.lead, x.item.outcome, x.item.at)) : null)));
    const recorded = new Set(await store.recordedIds(ids.filter((id): id is string => id !== null)));
    const seen = new Set<string>();
    const pending: number[] = [];
    checked.forEach((x, index) => {
      const id = ids[index]!;
      if (!x.ok) results[index] = { index, id: null, result: 'invalid', message: x.message };
      else if (recorded.has(id!) || seen.has(id!)) results[index] = { index, id, result: 'duplicate' };
      else {
        seen.add(id!);
        pending.push(index);
      }
    });

    // What each lead had before its outcome, from its own object.
    const records: (OutcomeRecord & { index: number })[] = [];
    let next = 0;
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < pending.length) {
          const index = pending[next++]!;
          const { item } = checked[index] as Extract<CheckedItem, { ok: true }>;
          const id = ids[index]!;
          const lead = await resolveOutcomeLead(c.env, site, item.lead, item.kind, item.at, config);
          if (lead === 'unknown') results[index] = { index, id, result: 'unknown_lead', message: `no lead or visitor '${item.lead}' on site '${site}'` };
          else if (lead === 'ambiguous') results[index] = { index, id, result: 'invalid', message: `lead: '${item.lead}' is both a lead id and a visitor id; add kind: lead or visitor` };
          else records.push({ index, id, lead: lead.name, outcome: item.outcome, at: item.at, value: item.value, score: lead.score, keys: lead.keys, rev: lead.rev, current: { keys: lead.current.keys, score: lead.current.score } });
        }
      }),
    );
    records.sort((a, b) => a.index - b.index);
    const stored = records.length ? await store.record(records.map(({ index: _i, ...r }) => r), config) : [];
    records.forEach((r, i) => (results[r.index] = { index: r.index, id: r.id, result: stored[i]! }));

    const count = (k: Result['result']) => results.filter((r) => r.result === k).length;
    const reply: z.infer<typeof conversionsReply> = { site, received: checked.length, recorded: count('recorded'), duplicate: count('duplicate'), unknownLead: count('unknown_lead'), invalid: count('invalid'), results };
    return c.json(reply);
  },
);
