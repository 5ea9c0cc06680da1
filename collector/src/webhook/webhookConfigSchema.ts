// The `webhook` block of a site's configuration (docs/api.md, "Webhook: lead.hot"): where deliveries go, the
// secret that signs them, whether anonymous visitors' crossings are sent too, and the body's format.
import { z } from 'zod';
import { isWellFormed, NOT_WELL_FORMED, unicodeString } from '../unicodeString';

/** The formats a delivery's body can take: leadpulse's own JSON, or a Slack-compatible message. */
export const WEBHOOK_FORMATS = ['json', 'slack'] as const;
/** A delivery's body format. */
export type WebhookFormat = (typeof WEBHOOK_FORMATS)[number];

/** `webhook`: url and secret as before; `anonymous` and `format` are optional, their defaults held by the code that reads them. */
export const webhookConfigSchema = z.strictObject({
  url: z
    .url({ protocol: /^https?$/, error: 'must be an http(s) URL' })
    .refine(isWellFormed, NOT_WELL_FORMED)
    .describe('https URL of a public host: private, loopback, link-local, CGNAT, multicast and metadata destinations are refused (docs/api.md, webhook destinations)'),
  secret: unicodeString().min(16, 'must be at least 16 characters').max(256),
  anonymous: z
    .boolean({ error: 'must be true or false' })
    .describe('also send lead.hot when a visitor not identified yet turns hot (default false: identified leads only; an anonymous hot visitor who identifies is sent then)')
    .optional(),
  format: z
    .enum(WEBHOOK_FORMATS, { error: "must be 'json' or 'slack'" })
    .describe("the body: 'json' (default), leadpulse's payload; 'slack', a Slack-compatible message (text and blocks) for an incoming-webhook URL")
    .optional(),
});

/** The webhook block as submitted, secret included. */
export type WebhookConfig = z.infer<typeof webhookConfigSchema>;
