// `POST /demo/sign`: the demo site's stand-in for a site's own server in the signed identify flow (issue 11).
// Its contact form posts the e-mail address here and passes the signature to `lp('identify', …)`. A real
// site signs only the id of the person its server has authenticated; this demo handler signs whatever the
// form sends, and only for site `demo`, so it proves nothing about anyone — it shows the flow.
import { Hono } from 'hono';
import { demoSignBody } from '../apiSchemas';
import { servesDemo } from '../site/servesDemo';
import type { Env } from '../env';
import { ApiError } from '../errors';
import { limitBody } from '../middleware/limitBody';
import { readJson } from '../middleware/readJson';
import { identifySecret, identifySignature } from '../lead/identifyProof';
import { normalizeLeadId } from '../lead/leadName';
import { validate } from '../marketer/validate';
import { getSiteConfig } from '../site/siteConfig';

/** The demo's signing route. */
export const demoSign = new Hono<{ Bindings: Env }>();

/** Largest body accepted, in bytes. */
const MAX_BYTES = 1024;

demoSign.post(
  '/',
  limitBody(MAX_BYTES),
  async (c) => {
    if (!servesDemo(c.env)) throw new ApiError(404, 'not_found', 'no demo site on this collector');
    const json = await readJson(c, 'invalid_request');
    const { lead } = validate(demoSignBody, json);
    const config = await getSiteConfig(c.env, 'demo');
    const secret = config && (await identifySecret(c.env, 'demo', config.config));
    if (!secret) throw new ApiError(409, 'identify_unsigned', "site 'demo' does not sign identifies (identify.signed is false and it has no secret)");
    c.header('Cache-Control', 'no-store');
    return c.json({ lead: normalizeLeadId(lead), signature: await identifySignature(secret, lead) });
  },
);
