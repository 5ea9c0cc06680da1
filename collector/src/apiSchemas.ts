// Schemas of the marketer API's requests and replies (SPEC.md §6). Routes validate with them and
// /openapi.json is generated from them, so the documentation cannot drift from what is enforced. One file
// on purpose: replies share their parts (bands, grades, models, confidence), and the whole contract reads
// top to bottom in the order of docs/api.md.
import { z } from 'zod';
import { KEY_ID } from './auth/apiKey';
import { EVENT_TYPES, siteName, visitorId } from './collectSchema';
import { conversionItem, conversionsBody, MAX_CONVERSIONS } from './insights/conversionItems';
import { outcomeName } from './insights/outcomeName';
import { GRADES } from './site/modelsSchema';
import { siteConfigSchema } from './site/siteConfigSchema';
import { unicodeString } from './unicodeString';

export { conversionItem, conversionsBody, siteName, visitorId };
/** The three bands. */
export const bandSchema = z.enum(['cold', 'warm', 'hot'], { error: "must be one of 'cold', 'warm', 'hot'" });
/** Most leads one page of `GET /v1/leads` holds. */
export const MAX_PAGE = 500;

const isoTime = z.iso.datetime().describe('ISO 8601 time');
const score = z.number().int().min(0).max(100);
const value = z.union([z.string(), z.number(), z.boolean(), z.null()]);

// ── Requests ──

/** `?site=` of the site-scoped routes. */
export const siteQuery = z.object({ site: siteName });

/** A grade. */
export const gradeSchema = z.enum(GRADES, { error: "must be one of 'A', 'B', 'C', 'D'" });

/** The filters and order of lists (issue 13): by any model, grade and stage. */
const listFilters = {
  band: bandSchema.optional().describe("only leads of this band (of `model`'s band)"),
  grade: gradeSchema.optional().describe("only leads of this grade (of `model`'s grade; the model must have grades)"),
  stage: z.string().min(1).max(64).optional().describe('only leads in this lifecycle stage'),
  model: z.string().min(1).max(32).optional().describe('the model whose band and grade `band` and `grade` filter (default: the primary model); also orders the list unless `sort` is given'),
  sort: z.string().min(1).max(32).optional().describe("the model whose score orders the list, highest first (default: `model`, else the primary model)"),
};

/** Query of `GET /v1/leads`. */
export const listLeadsQuery = z.object({
  site: siteName,
  ...listFilters,
  limit: z.coerce
    .number({ error: `must be a whole number from 1 to ${MAX_PAGE}` })
    .int(`must be a whole number from 1 to ${MAX_PAGE}`)
    .min(1, `must be a whole number from 1 to ${MAX_PAGE}`)
    .max(MAX_PAGE, `must be a whole number from 1 to ${MAX_PAGE}`)
    .default(50),
  cursor: unicodeString().min(1).max(512).optional().describe("the previous page's `cursor`, opaque"),
});

/** Query of `GET /v1/leads.csv`. */
export const leadsCsvQuery = z.object({ site: siteName, ...listFilters });

/** Most traits one `PATCH /v1/leads/:id/traits` may set or remove. */
export const MAX_PATCHED_TRAITS = 25;

/** Body of `PATCH /v1/leads/:id/traits`: traits to set (null removes one), as a CRM's enrichment sends them. */
export const traitsBody = z.strictObject({
  traits: z
    .record(
      unicodeString().min(1, 'must not be empty').max(64, 'must be at most 64 characters'),
      z.union([unicodeString().max(512, 'must be at most 512 characters'), z.number().finite(), z.boolean(), z.null()], { error: 'must be a string (at most 512 characters), a number, true/false or null' }),
    )
    .refine((o) => Object.keys(o).length >= 1, 'at least one trait')
    .refine((o) => Object.keys(o).length <= MAX_PATCHED_TRAITS, `at most ${MAX_PATCHED_TRAITS} traits per request`)
    .describe(`up to ${MAX_PATCHED_TRAITS} traits; a value sets the trait (a browser identify never overwrites it), null removes it; a lead keeps at most 100`),
});

/** Body of `PUT /v1/leads/:id/stage`. */
export const stageBody = z.strictObject({ stage: z.string({ error: 'required' }).min(1).max(64).describe("one of the site's `stages` ids") });

/** Path of `/v1/leads/:id`: the lead id given to identify, or the visitor id of a lead not identified yet. */
export const leadParams = z.object({
  id: unicodeString().trim().min(1, 'must not be empty').max(256, 'must be at most 256 characters').describe('lead id (as given to identify) or visitor id'),
});

/** Query of `/v1/leads/:id`: the site, and which kind of id `:id` is when it could be either. */
export const leadQuery = z.object({
  site: siteName,
  kind: z
    .enum(['lead', 'visitor'], { error: "must be 'lead' or 'visitor'" })
    .optional()
    .describe('whether :id is a lead id or a visitor id; needed only when it names both (409 ambiguous_id without it)'),
});

/** Path of `/v1/sites/:site/config`. */
export const siteParams = z.object({ site: siteName });

/** Query of `GET /v1/score` (the public read of a visitor's published score). */
export const scoreQuery = z.object({ site: siteName, visitor: visitorId });

/** Body of the demo's `POST /demo/sign`: the lead id its contact form is about to identify. */
export const demoSignBody = z.object({ lead: z.string().trim().min(1, 'required').max(256, 'must be at most 256 characters').describe('the lead id to sign (an e-mail address or a CRM id)') });

/** Body of `PUT /v1/sites/:site/config`: the configuration of SPEC.md §5. */
export const siteConfigBody = siteConfigSchema;

/** Body of `POST /v1/sites/:site/keys`. */
export const createKeyBody = z.strictObject({
  scope: z.enum(['read', 'write'], { error: (iss) => (iss.input === undefined ? 'required' : "must be 'read' or 'write'") }).describe('read: the GET routes of the site; write: every marketer route of the site'),
  name: z.string().trim().min(1, 'must be 1 to 64 characters').max(64, 'must be 1 to 64 characters').optional().describe('what the key is for, for people'),
});

/** Path of `/v1/sites/:site/keys/:id`. */
export const keyParams = z.object({ site: siteName, id: z.string().regex(KEY_ID, 'must be a key id (12 hex digits)').describe('the key id') });

/** Query of `POST /v1/conversions`. */
export const conversionsQuery = z.object({ site: siteName });

/** Query of `GET /v1/sites/:site/insights`. */
export const insightsQuery = z.object({ outcome: outcomeName.optional().describe("the outcome to measure; default the configuration's `outcome` (won)") });

/** Most days `GET /v1/sites/:site/trend` can ask for (a site keeps fewer when its retention is shorter). */
export const MAX_TREND_DAYS = 3650;

/** Query of `GET /v1/sites/:site/trend`. */
export const trendQuery = z.object({
  days: z.coerce
    .number({ error: 'must be a whole number of days' })
    .int('must be a whole number of days')
    .min(1, 'must be at least 1')
    .max(MAX_TREND_DAYS, `must be at most ${MAX_TREND_DAYS}`)
    .default(30)
    .describe("days up to today, today included; at most the site's retention (retentionDays, default 180)"),
});

// ── Replies ──

/** Every refusal. */
export const errorReply = z.object({ error: z.object({ code: z.string(), message: z.string() }) });

/** `{score, band}` of `POST /v1/collect` and `GET /v1/score`. */
export const scoreReply = z.object({
  score,
  band: bandSchema,
  models: z
    .record(z.string(), z.object({ score, band: bandSchema }))
    .optional()
    .describe('`POST /v1/collect` on a site with several models: the other models by id (personalization, `data-lp-show="billing:hot"`)'),
});

const rate = z.number().min(0).max(1);

/** Lead confidence: the calibrated probability of the site's outcome at the lead's score (docs/insights.md). */
export const confidenceSchema = z
  .object({
    outcome: z.string(),
    probability: rate.describe("calibrated probability of the outcome for the lead's current score"),
    bucket: z
      .object({ from: score, to: score, leads: z.number().int(), conversions: z.number().int(), rate: rate.describe('observed conversion rate in the bucket') })
      .describe('the bucket of scores the probability comes from, and what was observed in it'),
  })
  .nullable()
  .describe('null until the site has enough outcomes (see `confidenceReason`)');

/** A model's cell of a list row. */
const modelCell = z.object({ score, band: bandSchema, grade: gradeSchema.nullable() });

/** One row of a lead listing. */
export const leadSummary = z.object({
  id: z.string().describe('lead id, or visitor id when not identified'),
  score,
  band: bandSchema,
  lastSeen: isoTime,
  identified: z.boolean(),
  confidence: confidenceSchema,
  publishedAt: isoTime
    .nullable()
    .describe('when this score was published to the list (a lead publishes at once on a band change or after a quiet minute, else when the minute ends: docs/api.md, "How fresh the list is"); null for a row written before this was kept'),
  grade: gradeSchema.nullable().describe("the primary model's grade; null when it has none"),
  stage: z.string().nullable().describe('lifecycle stage; null before the first'),
  models: z.record(z.string(), modelCell).describe('the other models, by id (empty on a site with one model)'),
});

/** `GET /v1/leads`. */
export const leadListReply = z.object({
  leads: z.array(leadSummary),
  cursor: z.string().nullable().describe('pass as `cursor` for the next page; null on the last page'),
  confidenceReason: z.string().nullable().describe('why `confidence` is null on every lead; null when it is given'),
});

/** What one rule added to the score: decayed and capped, before rounding and clamping. */
export const contributionSchema = z.object({ rule: z.string(), label: z.string().optional().describe("the rule's label"), points: z.number(), count: z.number() });

/** One model's score with its contributions, which add up to `raw`. */
export const modelScoreSchema = z.object({
  id: z.string(),
  kind: z.enum(['engagement', 'fit']),
  label: z.string().optional(),
  primary: z.boolean().describe("whether it is the primary model (the lead's `score` and `band`)"),
  score,
  band: bandSchema,
  grade: gradeSchema.nullable(),
  raw: z.number().describe('sum of the contributions, before rounding and clamping to 0–100'),
  contributions: z.array(contributionSchema),
});

/** One move of a lead's stage. */
export const stageEntrySchema = z.object({ stage: z.string(), at: isoTime, by: z.enum(['rules', 'api']).describe('its scores (`rules`) or the marketer API (`api`)') });

/** One event of a lead's timeline. */
export const leadEventSchema = z.object({
  id: z.string(),
  type: z.enum(EVENT_TYPES as [string, ...string[]]),
  at: isoTime,
  visitor: z.string(),
  path: z.string().optional(),
  title: z.string().optional(),
  referrer: z.string().optional(),
  url: z.string().optional(),
  name: z.string().optional(),
  ms: z.number().optional(),
  lead: z.string().optional(),
  props: z.record(z.string(), value).optional(),
  traits: z.record(z.string(), value).optional(),
  lcp: z.number().optional(),
  inp: z.number().optional(),
  cls: z.number().optional(),
  count: z.number().optional().describe('events folded into one (old history)'),
});

/** `GET /v1/leads/:id`. */
export const leadDetailsReply = z.object({
  id: z.string(),
  site: siteName,
  identified: z.boolean(),
  score,
  band: bandSchema,
  raw: z.number().describe('sum of the contributions, before rounding and clamping to 0–100'),
  contributions: z.array(contributionSchema),
  events: z.array(leadEventSchema).describe('the most recent events, newest first'),
  eventCount: z.number().int(),
  visitors: z.array(z.string()).describe('the first 100 visitors, in the order they came'),
  visitorCount: z.number().int().describe('how many visitors the lead has'),
  traits: z.record(z.string(), value),
  firstSeen: isoTime,
  lastSeen: isoTime,
  confidence: confidenceSchema,
  confidenceReason: z.string().nullable().describe('why `confidence` is null; null when it is given'),
  published: z
    .object({ score, band: bandSchema, at: isoTime })
    .nullable()
    .describe('what the list, the CSV and GET /v1/score show for this lead now, and since when; null when it was never published (an anonymous visitor that has not scored)'),
  publishDue: isoTime
    .nullable()
    .describe('when the list will show this fresh score, where it shows another; null when it shows it, or when decay alone moved the score within its band (the list follows at the lead’s next event)'),
  grade: gradeSchema.nullable().describe("the primary model's grade; null when it has none"),
  models: z.array(modelScoreSchema).describe("every model, in the configuration's order (`default` first)"),
  stage: z.string().nullable().describe('lifecycle stage; null before the first (and for a visitor not identified)'),
  stageHistory: z.array(stageEntrySchema).describe('stage moves, oldest first (the last 50)'),
});

const metricP75 = z.object({ p75: z.number(), samples: z.number().int() }).nullable();

/** `GET /v1/vitals`. */
export const vitalsReply = z.object({
  site: siteName,
  since: isoTime.describe('start of the window the figures cover'),
  paths: z.array(z.object({ path: z.string(), samples: z.number().int(), lcp: metricP75, inp: metricP75, cls: metricP75 })),
});

/** `GET /v1/stats`. */
export const statsReply = z.object({
  site: siteName,
  total: z.number().int(),
  bands: z.object({ cold: z.number().int(), warm: z.number().int(), hot: z.number().int() }),
  histogram: z.array(z.number().int()).length(10).describe('leads per score decile: 0–9, 10–19, …, 90–100'),
});

/** `POST /demo/sign`: the normalized lead id and its signature, to pass with `identify`. */
export const demoSignReply = z.object({
  lead: z.string().describe('the lead id as the collector normalizes it (trimmed; lower-cased when an e-mail address)'),
  signature: z.string().regex(/^[0-9a-f]{64}$/).describe("hex of HMAC-SHA256(the demo site's identify secret, lead)"),
});

/** `GET`/`PUT /v1/sites/:site/config`: the configuration with the webhook secret masked. */
export const siteConfigReply = siteConfigSchema;

/** One API key as lists show it: masked, never its secret. */
export const keySummary = z.object({
  id: z.string().describe('the key id (12 hex digits)'),
  site: siteName,
  name: z.string().nullable(),
  scope: z.enum(['read', 'write']),
  masked: z.string().describe('lpk_<site>_<id>_…<last four digits of the secret>'),
  createdAt: isoTime,
  rotatedAt: isoTime.nullable(),
  lastUsedAt: isoTime.nullable().describe('when the key last authenticated a request (to the minute)'),
});

/** `POST /v1/sites/:site/keys` and `…/rotate`: the key itself, shown this once. */
export const issuedKeyReply = keySummary.extend({ key: z.string().describe('the key: send it as Authorization: Bearer <key>; it is not shown again') });

/** `GET /v1/sites/:site/keys`. */
export const keyListReply = z.object({ keys: z.array(keySummary) });
// ── Outcomes and insights (docs/insights.md) ──

/** The result of one item of `POST /v1/conversions`. */
export const conversionResult = z.object({
  index: z.number().int().describe('position of the item (for CSV, 0 is the first row after the header)'),
  id: z.string().nullable().describe('the id the item is recorded under (given, or derived); null when invalid'),
  result: z.enum(['recorded', 'duplicate', 'unknown_lead', 'invalid']),
  message: z.string().optional().describe('why the item is invalid or unknown'),
});

/** `POST /v1/conversions`. */
export const conversionsReply = z.object({
  site: siteName,
  received: z.number().int(),
  recorded: z.number().int(),
  duplicate: z.number().int(),
  unknownLead: z.number().int(),
  invalid: z.number().int(),
  results: z.array(conversionResult),
});

const interval = z.object({ low: z.number(), high: z.number() });
const figures = {
  leads: z.number().int().describe('leads that had the signal (converted leads: before their outcome)'),
  conversions: z.number().int().describe('of them, leads that converted'),
  rate: rate.nullable(),
  lift: z.number().nullable().describe('rate ÷ overall rate'),
  interval: interval.nullable().describe('95 % Wilson interval of the rate, ÷ overall rate: the interval of the lift'),
  suggestedPoints: z.number().int().nullable().describe('pointsPerDoubling × log2(lift)'),
  reason: z.string().nullable().describe('why there are no figures'),
};
const whenSchema = z.object({ type: z.string(), path: z.string().optional(), name: z.string().optional() });
const observed = { leads: z.number().int(), conversions: z.number().int(), rate, low: rate, high: rate };

/** `GET /v1/sites/:site/insights`. */
export const insightsReply = z.object({
  site: siteName,
  generatedAt: isoTime,
  outcome: z.string().describe('the outcome measured'),
  outcomes: z.array(z.object({ outcome: z.string(), outcomes: z.number().int(), leads: z.number().int(), value: z.number() })).describe('every outcome recorded, by name'),
  overall: z.object({ leads: z.number().int(), conversions: z.number().int(), rate, status: z.enum(['ok', 'not_enough_data']), reason: z.string().nullable() }),
  scale: z.object({ pointsPerDoubling: z.number(), warm: z.number(), hot: z.number() }),
  minimums: z.object({ siteConversions: z.number().int(), siteLeads: z.number().int(), signalLeads: z.number().int(), expectedConversions: z.number().int() }),
  rules: z.array(z.object({ rule: z.string(), when: whenSchema, points: z.number(), max: z.number().nullable(), status: z.enum(['ok', 'not_enough_data', 'not_counted']), ...figures })),
  candidates: z
    .array(
      z.object({
        key: z.string(),
        type: z.string(),
        value: z.string().nullable(),
        suggestedRule: z.object({ id: z.string(), when: whenSchema, points: z.number().int() }),
        status: z.enum(['ok', 'not_enough_data']),
        ...figures,
      }),
    )
    .describe('signals no rule covers whose lift interval leaves out 1, highest lift first'),
  calibration: z.object({
    outcome: z.string(),
    ready: z.boolean(),
    reason: z.string().nullable(),
    leads: z.number().int(),
    conversions: z.number().int(),
    buckets: z.array(z.object({ from: score, to: score, probability: rate.nullable(), ...observed })),
    bands: z.array(z.object({ band: bandSchema, from: z.number().int(), to: z.number().int(), ...observed })),
    brier: z.number().nullable(),
    baselineBrier: z.number().nullable(),
    auc: z.number().nullable(),
    olderScores: z.number().int().describe('conversions whose score before the outcome was computed under an earlier configuration'),
  }),
});

/** `GET /v1/sites/:site/trend`. */
export const trendReply = z.object({
  site: siteName,
  outcome: z.string(),
  days: z.array(
    z.object({
      date: z.string().describe('UTC day, YYYY-MM-DD'),
      leads: z.number().int().nullable().describe('leads with a score at the end of the day; null before counting began'),
      averageScore: z.number().nullable(),
      bands: z.object({ cold: z.number().int(), warm: z.number().int(), hot: z.number().int() }).nullable(),
      activeLeads: z.number().int().describe('leads with a beacon that day'),
      conversions: z.number().int().describe("outcomes of the site's outcome that happened that day"),
      outcomes: z.record(z.string(), z.number().int()),
    }),
  ),
});

export { MAX_CONVERSIONS };
