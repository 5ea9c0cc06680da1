// Marketer routes of leads: the list by score, one lead's explanation, the CSV export and erasure; each lead
// with its confidence (marketer/siteCalibration.ts).
import { Hono } from 'hono';
import type { z } from 'zod';
import { leadListReply, leadParams, leadQuery, leadsCsvQuery, listLeadsQuery } from '../apiSchemas';
import type { Env } from '../env';
import { ApiError } from '../errors';
import { csvRow } from '../marketer/csvRow';
import { eraseLead } from '../marketer/eraseLead';
import { findLead } from '../marketer/findLead';
import { decodeCursor, encodeCursor, type LeadCursor } from '../marketer/leadCursor';
import { detailsReply } from '../marketer/detailsReply';
import { listFilters } from '../marketer/listFilters';
import { primaryModel, siteModels } from '../scoring/siteModels';
import type { SiteConfig } from '../site/siteConfigSchema';
import { requireSite } from '../marketer/requireSite';
import { siteCalibration, type ConfidenceReader } from '../marketer/siteCalibration';
import { validate } from '../marketer/validate';
import { SiteIndex } from '../site/SiteIndex';
import type { LeadIndexEntry } from '../site/LeadIndex';

/** The lead routes, mounted under `/v1`. */
export const leads = new Hono<{ Bindings: Env }>();

/** Rows the CSV export reads from the index per step. */
const CSV_PAGE = 200;
const iso = (ms: number) => new Date(ms).toISOString();

const summary = (e: LeadIndexEntry, confidence: ConfidenceReader): z.infer<typeof leadListReply>['leads'][number] => ({
  id: e.id,
  score: e.score,
  band: e.band,
  lastSeen: iso(e.lastSeen),
  identified: e.identified,
  confidence: confidence.of(e.score),
  grade: e.extras?.grade ?? null,
  stage: e.extras?.stage ?? null,
  models: Object.fromEntries((e.extras?.models ?? []).map((m) => [m.id, { score: m.score, band: m.band, grade: m.grade }])),
  publishedAt: e.publishedAt === undefined ? null : iso(e.publishedAt),
});
/** Where a page ends: the position of its last row in the list's order. */
const positionOf = (e: LeadIndexEntry): LeadCursor => ({ score: e.sortScore ?? e.score, name: e.name });

/**
 * The CSV's columns beyond the first six (issue 13), only on a site that has them, so that a one-model site's
 * export stays as it was: the primary grade, the stage, and each other model's score, band and grade.
 */
function extraColumns(config: SiteConfig): { header: string[]; cells: (e: LeadIndexEntry) => (string | number)[] } {
  const primary = primaryModel(config);
  const models = siteModels(config);
  const others = models.filter((m) => m.id !== primary);
  const graded = !!models.find((m) => m.id === primary)?.grades;
  const staged = !!config.stages?.length;
  const header = [...(graded ? ['grade'] : []), ...(staged ? ['stage'] : []), ...others.flatMap((m) => [`${m.id}.score`, `${m.id}.band`, ...(m.grades ? [`${m.id}.grade`] : [])])];
  const cells = (e: LeadIndexEntry) => {
    const x = e.extras;
    return [
      ...(graded ? [x?.grade ?? ''] : []),
      ...(staged ? [x?.stage ?? ''] : []),
      ...others.flatMap((m) => {
        const c = x?.models.find((y) => y.id === m.id);
        return [c?.score ?? 0, c?.band ?? 'cold', ...(m.grades ? [c?.grade ?? ''] : [])];
      }),
    ];
  };
  return { header, cells };
}

leads.get('/leads', async (c) => {
  const q = validate(listLeadsQuery, c.req.query());
  const after = q.cursor === undefined ? undefined : decodeCursor(q.cursor);
  const config = await requireSite(c.env, q.site);
  const filters = listFilters(q, config.config);
  const [rows, confidence] = await Promise.all([new SiteIndex(c.env, q.site).list({ ...filters, limit: q.limit + 1, after }), siteCalibration(c.env, q.site, config)]);
  const page = rows.slice(0, q.limit);
  const last = page[page.length - 1];
  const reply: z.infer<typeof leadListReply> = { leads: page.map((e) => summary(e, confidence)), cursor: rows.length > q.limit && last ? encodeCursor(positionOf(last)) : null, confidenceReason: confidence.reason };
  return c.json(reply);
});

leads.get('/leads.csv', async (c) => {
  const q = validate(leadsCsvQuery, c.req.query());
  const config = await requireSite(c.env, q.site);
  const filters = listFilters(q, config.config);
  const extra = extraColumns(config.config);
  const index = new SiteIndex(c.env, q.site);
  const confidence = await siteCalibration(c.env, q.site, config);
  const encoder = new TextEncoder();
  let after: LeadCursor | undefined;
  let header = true;
  // Pulled page by page from the index, so the export never holds the whole list in memory.
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (header) {
        header = false;
        controller.enqueue(encoder.encode(csvRow(['id', 'score', 'band', 'lastSeen', 'identified', 'confidence', 'publishedAt', ...extra.header])));
        return;
      }
      const rows = await index.list({ ...filters, limit: CSV_PAGE, after });
      // confidence: the probability with four decimals, empty until the site has enough outcomes.
      if (rows.length) controller.enqueue(encoder.encode(rows.map((r) => csvRow([r.id, r.score, r.band, iso(r.lastSeen), r.identified, confidence.of(r.score)?.probability.toFixed(4) ?? '', r.publishedAt === undefined ? '' : iso(r.publishedAt), ...extra.cells(r)])).join('')));
      const last = rows[rows.length - 1];
      if (rows.length < CSV_PAGE || !last) controller.close();
      else after = positionOf(last);
    },
  });
  return c.body(body, 200, { 'Content-Type': 'text/csv; charset=utf-8', 'Content-Disposition': `attachment; filename="leads-${q.site}.csv"` });
});

leads.get('/leads/:id', async (c) => {
  const { id } = validate(leadParams, c.req.param());
  const { site, kind } = validate(leadQuery, c.req.query());
  const config = await requireSite(c.env, site);
  const [lead, confidence] = await Promise.all([findLead(c.env, site, id, config, Date.now(), kind), siteCalibration(c.env, site, config)]);
  if (!lead) throw new ApiError(404, 'unknown_lead', `no lead '${id}' on site '${site}'`);
  return c.json(detailsReply(site, lead, confidence, primaryModel(config.config)));
});

leads.delete('/leads/:id', async (c) => {
  const { id } = validate(leadParams, c.req.param());
  const { site, kind } = validate(leadQuery, c.req.query());
  const config = await requireSite(c.env, site);
  const lead = await findLead(c.env, site, id, config, Date.now(), kind);
  if (!lead) throw new ApiError(404, 'unknown_lead', `no lead '${id}' on site '${site}'`);
  await eraseLead(c.env, site, lead.name);
  return c.body(null, 204);
});
