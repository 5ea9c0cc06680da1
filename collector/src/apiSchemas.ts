// Schemas of the marketer API's requests and replies (SPEC.md §6). Routes validate with them and
// /openapi.json is generated from them, so the documentation cannot drift from what is enforced.
import { z } from 'zod';
import { KEY_ID } from './auth/apiKey';
import { EVENT_TYPES, siteName, visitorId } from './collectSchema';
import { siteConfigSchema } from './site/siteConfigSchema';
import { unicodeString } from './unicodeString';

export { siteName, visitorId };
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

/** Query of `GET /v1/leads`. */
export const listLeadsQuery = z.object({
  site: siteName,
  band: bandSchema.optional().describe('only leads of this band'),
  limit: z.coerce
    .number({ error: `must be a whole number from 1 to ${MAX_PAGE}` })
    .int(`must be a whole number from 1 to ${MAX_PAGE}`)
    .min(1, `must be a whole number from 1 to ${MAX_PAGE}`)
    .max(MAX_PAGE, `must be a whole number from 1 to ${MAX_PAGE}`)
    .default(50),
  cursor: unicodeString().min(1).max(512).optional().describe("the previous page's `cursor`, opaque"),
});

/** Query of `GET /v1/leads.csv`. */
export const leadsCsvQuery = z.object({ site: siteName, band: bandSchema.optional().describe('only leads of this band') });

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

// ── Replies ──

/** Every refusal. */
export const errorReply = z.object({ error: z.object({ code: z.string(), message: z.string() }) });

/** `{score, band}` of `POST /v1/collect` and `GET /v1/score`. */
export const scoreReply = z.object({ score, band: bandSchema });

/** One row of a lead listing. */
export const leadSummary = z.object({
  id: z.string().describe('lead id, or visitor id when not identified'),
  score,
  band: bandSchema,
  lastSeen: isoTime,
  identified: z.boolean(),
});

/** `GET /v1/leads`. */
export const leadListReply = z.object({
  leads: z.array(leadSummary),
  cursor: z.string().nullable().describe('pass as `cursor` for the next page; null on the last page'),
});

/** What one rule added to the score: decayed and capped, before rounding and clamping. */
export const contributionSchema = z.object({ rule: z.string(), points: z.number(), count: z.number() });

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
