// `GET /openapi.json`: the OpenAPI 3.1 document of the whole API, generated from the zod schemas that
// validate requests (z.toJSONSchema), so documentation and enforcement cannot drift apart. One file on
// purpose: it is the whole contract read top to bottom, one entry per route, in the order of docs/api.md.
import { Hono } from 'hono';
import { z } from 'zod';
import {
  conversionsBody,
  conversionsQuery,
  conversionsReply,
  createKeyBody,
  demoSignBody,
  demoSignReply,
  errorReply,
  insightsQuery,
  insightsReply,
  issuedKeyReply,
  keyListReply,
  keyParams,
  leadDetailsReply,
  leadListReply,
  leadParams,
  leadQuery,
  leadsCsvQuery,
  listLeadsQuery,
  scoreQuery,
  scoreReply,
  siteConfigBody,
  siteConfigReply,
  siteParams,
  siteQuery,
  statsReply,
  trendQuery,
  trendReply,
  vitalsReply,
  MAX_PATCHED_TRAITS,
  stageBody,
  traitsBody,
} from '../apiSchemas';
import { requiredScope } from '../auth/requireScope';
import { collectSchema, MAX_BODY_BYTES } from '../collectSchema';
import { REQUEST_BUDGETS } from '../middleware/abuseLimits';
import { TOMBSTONE_DAYS } from '../lead/tombstones';
import type { Env } from '../env';
import { SDK_FILES } from '../generated/sdk';
import { MAX_CONVERSIONS } from '../insights/conversionItems';
import { MAX_CONVERSIONS_BYTES } from '../insights/conversionItems';
import { openapiWebhooks, WEBHOOK_COMPONENTS } from './openapiWebhooks';

/** The OpenAPI route. */
export const openapi = new Hono<{ Bindings: Env }>();

type Json = Record<string, unknown>;

interface Operation {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  /** The path as the app registers it (`/v1/leads/:id`). */
  path: string;
  summary: string;
  tag: 'Browser' | 'Marketer' | 'Keys' | 'Static' | 'Demo';
  /** Needs `Authorization: Bearer` the admin token or an API key (which of them: requireScope.ts). */
  auth?: boolean;
  params?: z.ZodObject;
  query?: z.ZodObject;
  body?: { schema: string; types: string[]; text?: Record<string, string> };
  responses: Record<string, { description: string; schema?: string; type?: string; headers?: Record<string, Json> }>;
}

/** Component schemas, by name: requests in their input form, replies in their output form. */
const COMPONENTS: Record<string, { schema: z.ZodType; io: 'input' | 'output' }> = {
  Error: { schema: errorReply, io: 'output' },
  CollectRequest: { schema: collectSchema, io: 'input' },
  Score: { schema: scoreReply, io: 'output' },
  LeadList: { schema: leadListReply, io: 'output' },
  LeadDetails: { schema: leadDetailsReply, io: 'output' },
  Vitals: { schema: vitalsReply, io: 'output' },
  Stats: { schema: statsReply, io: 'output' },
  SiteConfigInput: { schema: siteConfigBody, io: 'input' },
  SiteConfig: { schema: siteConfigReply, io: 'output' },
  CreateKeyRequest: { schema: createKeyBody, io: 'input' },
  IssuedKey: { schema: issuedKeyReply, io: 'output' },
  KeyList: { schema: keyListReply, io: 'output' },
  DemoSignRequest: { schema: demoSignBody, io: 'input' },
  DemoSignature: { schema: demoSignReply, io: 'output' },
  ConversionsRequest: { schema: conversionsBody, io: 'input' },
  Conversions: { schema: conversionsReply, io: 'output' },
  Insights: { schema: insightsReply, io: 'output' },
  Trend: { schema: trendReply, io: 'output' },
  TraitsPatch: { schema: traitsBody, io: 'input' },
  StagePut: { schema: stageBody, io: 'input' },
};

const err = (description: string) => ({ description, schema: 'Error' });
const bad = err('invalid input; the message names the field');
const unknownSite = err('unknown site');
const ambiguous = err('the id is both a lead id and a visitor id: say which with `kind`');
const noHashKey = err('no HASH_KEY configured on the Worker');
const noTokenOrHashKey = err('no API token or no HASH_KEY configured on the Worker');
const { address, addressNoOrigin, site, siteNoOrigin } = REQUEST_BUDGETS;
/** The 429 of the request budgets (middleware/abuseLimits.ts) and of the per-lead budget (lead/leadBudget.ts). */
const tooMany = {
  ...err(
    `rate limited: per client address ${address.limit} requests per ${address.period} s with an Origin, ${addressNoOrigin.limit} per ${addressNoOrigin.period} s without; ` +
      `per site ${site.limit} per ${site.period} s with an Origin, ${siteNoOrigin.limit} per ${siteNoOrigin.period} s without; per lead \`limits.leadEventsPerMinute\` events per clock minute (default 1200). Nothing of the request was stored.`,
  ),
  headers: { 'Retry-After': { description: 'seconds to wait before sending again', schema: { type: 'integer', minimum: 1 } } },
};

/** Every route of the app. */
export const OPERATIONS: Operation[] = [
  {
    method: 'post',
    path: '/v1/collect',
    tag: 'Browser',
    summary: `Records a batch of events (≤ 50, body ≤ ${MAX_BODY_BYTES} bytes) and returns the fresh score. An identify needs \`sig\` (hex HMAC-SHA256 of the lead id with the site's identify secret) unless the site says \`identify.signed: false\`; one without a valid proof is dropped (header \`X-Leadpulse-Identify: unverified\`). Custom events over the site's caps are dropped with a 200. Resends of an erased lead's events stay erased for ${TOMBSTONE_DAYS} days.`,
    body: { schema: 'CollectRequest', types: ['text/plain', 'application/json'] },
    responses: {
      200: { description: 'the score (the visitor’s own when its identify was dropped)', schema: 'Score', headers: { 'X-Leadpulse-Identify': { description: '`unverified` when an identify of the batch was dropped for want of a valid signature', schema: { type: 'string', enum: ['unverified'] } } } },
      400: bad,
      403: err('origin not allowed for the site'),
      404: unknownSite,
      413: err('body too large'),
      429: tooMany,
      503: noHashKey,
    },
  },
  { method: 'get', path: '/v1/score', tag: 'Browser', summary: "A visitor's published score (0/cold when unknown)", query: scoreQuery, responses: { 200: { description: 'the score', schema: 'Score' }, 400: bad, 404: unknownSite } },
  {
    method: 'get',
    path: '/v1/leads',
    tag: 'Marketer',
    auth: true,
    summary: "Leads by score, highest first, a page at a time; with `sort` by another model's score, with `model` + `band`/`grade` filtered by that model's band or grade, with `stage` by lifecycle stage (docs/api.md#lists-by-model)",
    query: listLeadsQuery,
    responses: { 200: { description: 'a page of leads', schema: 'LeadList' }, 400: bad, 404: unknownSite },
  },
  {
    method: 'get',
    path: '/v1/leads.csv',
    tag: 'Marketer',
    auth: true,
    summary:
      'Every lead as CSV (id, score, band, lastSeen, identified, confidence, publishedAt; then, on a site that has them, grade, stage and `<model>.score`, `<model>.band`, `<model>.grade` for each other model), streamed, with the filters of the list; formula-like cells are escaped',
    query: leadsCsvQuery,
    responses: { 200: { description: 'CSV', type: 'text/csv' }, 400: bad, 404: unknownSite },
  },
  {
    method: 'get',
    path: '/v1/leads/:id',
    tag: 'Marketer',
    auth: true,
    summary: 'One lead, scored now: every model with its per-rule contributions and grade, the stage and its history, recent events, visitors and traits',
    params: leadParams,
    query: leadQuery,
    responses: { 200: { description: 'the lead', schema: 'LeadDetails' }, 400: bad, 404: err('unknown site or lead'), 409: ambiguous, 503: noTokenOrHashKey },
  },
  {
    method: 'patch',
    path: '/v1/leads/:id/traits',
    tag: 'Marketer',
    auth: true,
    summary: `Sets (or, with null, removes) traits of an identified lead — enrichment from a CRM — and rescores every model at once. Up to ${MAX_PATCHED_TRAITS} traits per request, names up to 64 characters, strings up to 512; a lead keeps at most 100. A browser identify never overwrites a trait set here`,
    params: leadParams,
    query: leadQuery,
    body: { schema: 'TraitsPatch', types: ['application/json'] },
    responses: { 200: { description: 'the lead, rescored', schema: 'LeadDetails' }, 400: bad, 404: err('unknown site or lead'), 413: err('body too large'), 409: err('the id is ambiguous (`ambiguous_id`), or names a visitor not identified yet (`not_identified`)'), 503: noTokenOrHashKey },
  },
  {
    method: 'put',
    path: '/v1/leads/:id/stage',
    tag: 'Marketer',
    auth: true,
    summary: "Sets an identified lead's lifecycle stage (one of the site's `stages`), noted in its history with `by: api`; a change sends the `lead.stage` webhook",
    params: leadParams,
    query: leadQuery,
    body: { schema: 'StagePut', types: ['application/json'] },
    responses: { 200: { description: 'the lead', schema: 'LeadDetails' }, 400: bad, 404: err('unknown site or lead'), 409: err('the id is ambiguous (`ambiguous_id`), or names a visitor not identified yet (`not_identified`)'), 413: err('body too large'), 503: noTokenOrHashKey },
  },
  {
    method: 'delete',
    path: '/v1/leads/:id',
    tag: 'Marketer',
    auth: true,
    summary: 'Erases every trace of a lead (right to erasure)',
    params: leadParams,
    query: leadQuery,
    responses: { 204: { description: 'erased' }, 400: bad, 404: err('unknown site or lead'), 409: ambiguous, 503: noTokenOrHashKey },
  },
  { method: 'get', path: '/v1/vitals', tag: 'Marketer', auth: true, summary: 'p75 LCP, INP and CLS per path, with sample counts (last 28 days)', query: siteQuery, responses: { 200: { description: 'web vitals', schema: 'Vitals' }, 400: bad, 404: unknownSite } },
  { method: 'get', path: '/v1/stats', tag: 'Marketer', auth: true, summary: 'Lead counts per band and per score decile', query: siteQuery, responses: { 200: { description: 'counts', schema: 'Stats' }, 400: bad, 404: unknownSite } },
  {
    method: 'get',
    path: '/v1/sites/:site/config',
    tag: 'Marketer',
    auth: true,
    summary: "A site's configuration, the webhook and identify secrets masked",
    params: siteParams,
    responses: { 200: { description: 'the configuration', schema: 'SiteConfig' }, 400: bad, 404: unknownSite },
  },
  {
    method: 'put',
    path: '/v1/sites/:site/config',
    tag: 'Marketer',
    auth: true,
    summary:
      "Replaces a site's configuration (or creates the site) and rescores every lead; sending a masked secret back keeps the stored one. Identify requires signatures unless `identify.signed` is false; when a signed site has no identify secret, one is generated and shown in this reply only (masked everywhere else)",
    params: siteParams,
    body: { schema: 'SiteConfigInput', types: ['application/json'] },
    responses: { 200: { description: 'replaced', schema: 'SiteConfig' }, 201: { description: 'site created', schema: 'SiteConfig' }, 400: err('invalid configuration; the message names the field'), 413: err('body too large') },
  },
  {
    method: 'post',
    path: '/v1/sites/:site/keys',
    tag: 'Keys',
    auth: true,
    summary: 'Creates an API key of the site with read or write scope; the key is in this reply only (admin token only)',
    params: siteParams,
    body: { schema: 'CreateKeyRequest', types: ['application/json'] },
    responses: { 201: { description: 'the key, shown once', schema: 'IssuedKey' }, 400: bad, 404: unknownSite, 409: err('the site holds as many keys as allowed (100)'), 413: err('body too large') },
  },
  {
    method: 'get',
    path: '/v1/sites/:site/keys',
    tag: 'Keys',
    auth: true,
    summary: "The site's API keys, masked (admin token only)",
    params: siteParams,
    responses: { 200: { description: 'the keys', schema: 'KeyList' }, 400: bad, 404: unknownSite },
  },
  {
    method: 'post',
    path: '/v1/sites/:site/keys/:id/rotate',
    tag: 'Keys',
    auth: true,
    summary: 'Gives a key a new secret, shown in this reply only; the old one stops working at once (admin token only)',
    params: keyParams,
    responses: { 200: { description: 'the new key, shown once', schema: 'IssuedKey' }, 400: bad, 404: err('unknown site or key') },
  },
  {
    method: 'delete',
    path: '/v1/sites/:site/keys/:id',
    tag: 'Keys',
    auth: true,
    summary: 'Revokes a key at once (admin token only)',
    params: keyParams,
    responses: { 204: { description: 'revoked' }, 400: bad, 404: err('unknown site or key') },
  },
  {
    method: 'post',
    path: '/demo/sign',
    tag: 'Demo',
    summary: "The demo site's signing handler: the signature of a lead id under site `demo`'s identify secret, for `lp('identify', lead, traits, {signature})`. It signs whatever it is sent — a real site signs only the id of the person its server authenticated",
    body: { schema: 'DemoSignRequest', types: ['application/json', 'text/plain'] },
    responses: { 200: { description: 'the normalized lead id and its signature', schema: 'DemoSignature' }, 400: bad, 409: err("site 'demo' does not sign identifies"), 413: err('body too large'), 429: tooMany, 503: noHashKey },
  },
  {
    method: 'post',
    path: '/v1/conversions',
    tag: 'Marketer',
    auth: true,
    summary: `Records outcomes (won, lost, or named) from a CRM: JSON or CSV (lead,outcome,at,value), at most ${MAX_CONVERSIONS} items and ${MAX_CONVERSIONS_BYTES} bytes; each item idempotent by id, with its own result`,
    query: conversionsQuery,
    body: { schema: 'ConversionsRequest', types: ['application/json'], text: { 'text/csv': 'CSV with a header row naming the columns lead, outcome and at (required), value, id and kind (optional); one outcome per row, as the JSON items' } },
    responses: {
      200: { description: 'a result per item: recorded, duplicate, unknown_lead or invalid', schema: 'Conversions' },
      400: err('the body is not JSON, has no `conversions`, or the CSV misses a column; nothing stored'),
      404: unknownSite,
      413: err('more than 1,000 items, or the body too large; nothing stored'),
      415: err('Content-Type is neither application/json nor text/csv'),
      503: noTokenOrHashKey,
    },
  },
  {
    method: 'get',
    path: '/v1/sites/:site/insights',
    tag: 'Marketer',
    auth: true,
    summary: 'What outcomes say about the rules: overall rate, per rule leads, conversions, lift with its 95 % interval and suggested points; signals no rule covers; the calibration of lead confidence',
    params: siteParams,
    query: insightsQuery,
    responses: { 200: { description: 'insights', schema: 'Insights' }, 400: bad, 404: unknownSite },
  },
  {
    method: 'get',
    path: '/v1/sites/:site/trend',
    tag: 'Marketer',
    auth: true,
    summary: 'Per UTC day: leads, average score and band counts at the end of the day, active leads, conversions',
    params: siteParams,
    query: trendQuery,
    responses: { 200: { description: 'the days, oldest first', schema: 'Trend' }, 400: bad, 404: unknownSite },
  },
  ...Object.keys(SDK_FILES).map((path): Operation => ({ method: 'get', path, tag: 'Static', summary: `The SDK file ${path} (cacheable, revalidated by ETag)`, responses: { 200: { description: 'JavaScript', type: 'text/javascript' }, 304: { description: 'not modified' } } })),
  { method: 'get', path: '/healthz', tag: 'Static', summary: 'Liveness', responses: { 200: { description: '{"ok": true}', type: 'application/json' } } },
  { method: 'get', path: '/openapi.json', tag: 'Static', summary: 'This document', responses: { 200: { description: 'OpenAPI 3.1', type: 'application/json' } } },
  { method: 'get', path: '/dashboard', tag: 'Static', summary: "The marketers' dashboard (asks for the API token)", responses: { 200: { description: 'HTML', type: 'text/html' } } },
  { method: 'get', path: '/dashboard/app.js', tag: 'Static', summary: "The dashboard's script", responses: { 200: { description: 'JavaScript', type: 'text/javascript' } } },
  { method: 'get', path: '/dashboard/app.css', tag: 'Static', summary: "The dashboard's style sheet", responses: { 200: { description: 'CSS', type: 'text/css' } } },
];

function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): Json {
  const { $schema: _, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as Json;
  return rest;
}

function parameters(schema: z.ZodObject, where: 'query' | 'path'): Json[] {
  const json = jsonSchema(schema, 'input') as { properties: Record<string, Json>; required?: string[] };
  return Object.entries(json.properties).map(([name, { description, ...s }]) => ({
    name,
    in: where,
    required: where === 'path' || (json.required ?? []).includes(name),
    ...(description ? { description } : {}),
    schema: s,
  }));
}

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });

/** The 403 of a marketer route, by what it requires of an API key. */
const FORBIDDEN = {
  read: err("an API key of another site (`forbidden_site`)"),
  write: err("an API key of another site (`forbidden_site`), or a key with read scope (`insufficient_scope`)"),
  admin: err('an API key: key management needs the admin token (`admin_only`)'),
};

function operation(op: Operation): Json {
  const responses: Record<string, Json> = {};
  const scope = op.auth ? requiredScope(op.method.toUpperCase(), op.path) : undefined;
  const all = scope
    ? { 401: err('missing, malformed or wrong bearer token, or an unknown, revoked or rotated API key'), 403: FORBIDDEN[scope], 503: err('no API token configured on the Worker'), ...op.responses }
    : op.responses;
  for (const [status, r] of Object.entries(all)) {
    const type = r.schema ? 'application/json' : r.type;
    responses[status] = { description: r.description, ...(r.headers ? { headers: r.headers } : {}), ...(type ? { content: { [type]: r.schema ? { schema: ref(r.schema) } : {} } } : {}) };
  }
  return {
    operationId: `${op.method}${op.path.replace(/[^A-Za-z0-9]+(.)?/g, (_, ch: string | undefined) => (ch ?? '').toUpperCase())}`,
    summary: op.summary,
    tags: [op.tag],
    ...(scope ? { security: [{ bearer: [] }], 'x-leadpulse-scope': scope } : {}),
    parameters: [...(op.params ? parameters(op.params, 'path') : []), ...(op.query ? parameters(op.query, 'query') : [])],
    ...(op.body
      ? {
          requestBody: {
            required: true,
            content: {
              ...Object.fromEntries(op.body.types.map((t) => [t, { schema: ref(op.body!.schema) }])),
              ...Object.fromEntries(Object.entries(op.body.text ?? {}).map(([t, description]) => [t, { schema: { type: 'string', description } }])),
            },
          },
        }
      : {}),
    responses,
  };
}

let cached: Json | null = null;

/** The OpenAPI document (built once per isolate). */
export function openapiDocument(): Json {
  if (cached) return cached;
  const paths: Record<string, Json> = {};
  for (const op of OPERATIONS) {
    const path = op.path.replace(/:([A-Za-z_]+)/g, '{$1}');
    paths[path] = { ...paths[path], [op.method]: operation(op) };
  }
  cached = {
    openapi: '3.1.0',
    info: {
      title: 'leadpulse',
      version: '1',
      description:
        'Implicit lead scoring at the edge. Browser routes are public; marketer routes need `Authorization: Bearer <API_TOKEN>` (the admin token) or a site API key (`lpk_…`), whose scope each operation states as `x-leadpulse-scope`: `read` (GET routes), `write` (the others) or `admin` (key management, admin token only). Errors are `{"error": {"code", "message"}}`. Timestamps are ISO 8601.',
    },
    tags: [
      { name: 'Browser', description: 'public routes the SDK calls' },
      { name: 'Marketer', description: 'authenticated routes of the marketer surface' },
      { name: 'Keys', description: "a site's API keys, managed with the admin token" },
      { name: 'Static', description: 'files and pages' },
      { name: 'Demo', description: 'the demo site’s server side' },
    ],
    paths,
    webhooks: openapiWebhooks(),
    components: {
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', description: "the Worker's API_TOKEN (every route), or an API key lpk_<site>_<id>_<secret> (its site's routes, within its scope)" },
      },
      schemas: {
        ...Object.fromEntries(Object.entries(COMPONENTS).map(([name, c]) => [name, jsonSchema(c.schema, c.io)])),
        ...Object.fromEntries(Object.entries(WEBHOOK_COMPONENTS).map(([name, schema]) => [name, jsonSchema(schema, 'output')])),
      },
    },
  };
  return cached;
}

openapi.get('/openapi.json', (c) => {
  c.header('Access-Control-Allow-Origin', '*');
  c.header('Cache-Control', 'public, max-age=300');
  return c.json({ ...openapiDocument(), servers: [{ url: new URL(c.req.url).origin }] });
});
