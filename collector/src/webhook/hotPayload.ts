// The body of a `lead.hot` delivery in leadpulse's own format (docs/api.md, "Webhook: lead.hot"): who the
// lead is (its traits), its score and the rules that gave most of it. The schema is the OpenAPI document's.
import { z } from 'zod';

/** One reason for the score: a rule, the label the marketer gave it (its id when none), its points and events. */
export const hotReasonSchema = z.object({
  rule: z.string().describe("the rule's id"),
  label: z.string().describe("the rule's label, or its id when it has none"),
  points: z.number().describe('what the rule adds to the score now (decayed and capped), to one decimal'),
  count: z.number().int().describe('events counted (with `once`: visits or days)'),
});

/** The JSON body of a `lead.hot` delivery. */
export const hotPayloadSchema = z.object({
  id: z.string().describe('the delivery id, the same on every retry (also in X-Leadpulse-Delivery): deduplicate on it'),
  type: z.literal('lead.hot'),
  site: z.string(),
  lead: z.string().describe('the lead id given to identify; a visitor id when the site sends anonymous crossings (`webhook.anonymous`)'),
  identified: z.boolean().describe('whether `lead` is an identified lead (false only with `webhook.anonymous`)'),
  score: z.number().int().min(0).max(100),
  band: z.literal('hot'),
  at: z.iso.datetime().describe('when the lead turned hot'),
  traits: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])).describe("the lead's traits (identify and the marketer API); {} for an anonymous visitor"),
  reasons: z.array(hotReasonSchema).max(3).describe('the rules that add most to the score, highest first (at most 3, positive only)'),
});

/** A `lead.hot` body in leadpulse's format. */
export type HotPayload = z.infer<typeof hotPayloadSchema>;
/** One reason of a `lead.hot` body. */
export type HotReason = z.infer<typeof hotReasonSchema>;
