// Marketer edits of one lead (issue 13): `PATCH /v1/leads/:id/traits` (enrichment from a CRM) and
// `PUT /v1/leads/:id/stage`; each rescores every model at once and answers with the lead's details.
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { leadParams, leadQuery, stageBody, traitsBody } from '../apiSchemas';
import type { Env } from '../env';
import { ApiError } from '../errors';
import type { LeadDetails } from '../lead/LeadDetails';
import { findLead } from '../marketer/findLead';
import { requireSite } from '../marketer/requireSite';
import { siteCalibration } from '../marketer/siteCalibration';
import { validate } from '../marketer/validate';
import { leadObject } from '../objects';
import { primaryModel } from '../scoring/siteModels';
import type { VersionedConfig } from '../site/versionedConfig';
import { detailsReply } from '../marketer/detailsReply';

/** The lead edit routes, mounted under `/v1`. */
export const leadEdits = new Hono<{ Bindings: Env }>();

/** Largest body of an edit: 25 traits of 64-character names and 512-character values fit well within it. */
const MAX_EDIT_BYTES = 32 * 1024;
const limit = bodyLimit({
  maxSize: MAX_EDIT_BYTES,
  onError: () => {
    throw new ApiError(413, 'payload_too_large', `body larger than ${MAX_EDIT_BYTES} bytes`);
  },
});

/** The JSON body of a request, or a 400. */
async function jsonBody(req: Request): Promise<unknown> {
  try {
    return await req.json();
  } catch {
    throw new ApiError(400, 'invalid_request', 'body is not valid JSON');
  }
}

/** The identified lead `id` names (404 unknown, 409 a visitor not identified yet). */
async function identifiedLead(env: Env, site: string, id: string, config: VersionedConfig, kind?: 'lead' | 'visitor'): Promise<LeadDetails> {
  const lead = await findLead(env, site, id, config, Date.now(), kind);
  if (!lead) throw new ApiError(404, 'unknown_lead', `no lead '${id}' on site '${site}'`);
  if (!lead.identified) throw new ApiError(409, 'not_identified', `'${id}' is a visitor not identified yet: traits and stages belong to identified leads`);
  return lead;
}

/** Runs an edit on the lead's object and answers with its fresh details. */
async function edit(env: Env, site: string, id: string, config: VersionedConfig, kind: 'lead' | 'visitor' | undefined, run: (lead: LeadDetails) => Promise<{ error: string } | { ok: true }>) {
  const lead = await identifiedLead(env, site, id, config, kind);
  const done = await run(lead);
  if ('error' in done) {
    if (done.error === 'not_identified') throw new ApiError(409, 'not_identified', `'${id}' is a visitor not identified yet: traits and stages belong to identified leads`);
    throw new ApiError(400, 'invalid_request', done.error);
  }
  const [fresh, confidence] = await Promise.all([findLead(env, site, id, config, Date.now(), kind), siteCalibration(env, site, config)]);
  if (!fresh) throw new ApiError(404, 'unknown_lead', `no lead '${id}' on site '${site}'`);
  return detailsReply(site, fresh, confidence, primaryModel(config.config));
}

leadEdits.patch('/leads/:id/traits', limit, async (c) => {
  const { id } = validate(leadParams, c.req.param());
  const { site, kind } = validate(leadQuery, c.req.query());
  const body = validate(traitsBody, await jsonBody(c.req.raw));
  const config = await requireSite(c.env, site);
  return c.json(await edit(c.env, site, id, config, kind, (lead) => leadObject(c.env, lead.name).editTraits(body.traits, config, Date.now())));
});

leadEdits.put('/leads/:id/stage', limit, async (c) => {
  const { id } = validate(leadParams, c.req.param());
  const { site, kind } = validate(leadQuery, c.req.query());
  const { stage } = validate(stageBody, await jsonBody(c.req.raw));
  const config = await requireSite(c.env, site);
  const stages = config.config.stages ?? [];
  if (!stages.some((s) => s.id === stage)) throw new ApiError(400, 'invalid_request', stages.length ? `stage: unknown stage '${stage}'; one of ${stages.map((s) => s.id).join(', ')}` : `stage: site '${site}' has no stages`);
  return c.json(await edit(c.env, site, id, config, kind, (lead) => leadObject(c.env, lead.name).setStage(stage, config, Date.now())));
});
