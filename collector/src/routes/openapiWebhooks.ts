// The OpenAPI 3.1 `webhooks` of the document: the `lead.hot` delivery in its two formats, from the schema
// that types the payload (webhook/hotPayload.ts), so the document and the deliveries cannot drift apart.
import { z } from 'zod';
import { hotPayloadSchema } from '../webhook/hotPayload';

type Json = Record<string, unknown>;

/** The Slack format's body: text and Block Kit blocks (webhook/slackMessage.ts). */
const slackMessageSchema = z.object({
  text: z.string().describe('"Hot lead on <site>: <name> (<lead>), score <n> — <label> +<points>, …", mrkdwn-escaped'),
  blocks: z.array(z.record(z.string(), z.unknown())).describe('header (the name or lead), section of fields (lead, score, site, traits), section "Why" (the reasons), context (time and delivery id)'),
});

/** Component schemas the webhook section refers to. */
export const WEBHOOK_COMPONENTS: Record<string, z.ZodType> = { LeadHot: hotPayloadSchema, LeadHotSlack: slackMessageSchema };

/** The document's `webhooks` object. */
export function openapiWebhooks(): Json {
  const headers = {
    'X-Leadpulse-Signature': { required: true, description: 'sha256=<hex HMAC-SHA256 of the raw body with webhook.secret>', schema: { type: 'string' } },
    'X-Leadpulse-Delivery': { required: true, description: 'the delivery id, the same on every retry', schema: { type: 'string' } },
  };
  return {
    'lead.hot': {
      post: {
        summary: 'A lead turned hot',
        description:
          "POSTed to the site's `webhook.url` when a lead's band rises to hot, once per crossing (re-armed when it falls below), retried with backoff for a day until a 2xx. By default only identified leads are sent; `webhook.anonymous: true` also sends visitors not identified yet. `webhook.format` chooses the body: `json` (default, LeadHot) or `slack` (LeadHotSlack, for a Slack incoming webhook). See docs/api.md, \"Webhook: lead.hot\".",
        parameters: Object.entries(headers).map(([name, h]) => ({ name, in: 'header', ...h })),
        requestBody: {
          required: true,
          content: { 'application/json': { schema: { oneOf: [{ $ref: '#/components/schemas/LeadHot' }, { $ref: '#/components/schemas/LeadHotSlack' }] } } },
        },
        responses: { '2XX': { description: 'delivered; anything else (or no answer within 10 s) is retried' } },
      },
    },
  };
}
