// Schema of the body of `POST /v1/collect` (SPEC.md §4): validates requests and feeds /openapi.json. Every
// string is well-formed Unicode (unicodeString.ts) or matches an ASCII pattern.
import { z } from 'zod';
import { unicodeString } from './unicodeString';

/** Most events one request may carry. */
export const MAX_EVENTS = 50;
/** Largest body `POST /v1/collect` accepts, in bytes. */
export const MAX_BODY_BYTES = 16 * 1024;

const id = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, 'must be 8 to 64 characters of [A-Za-z0-9_-]');
const path = unicodeString().min(1).max(2048).startsWith('/', 'must start with /');
const text = (max: number) => unicodeString().max(max);
const props = z
  .record(unicodeString().max(64, 'must be at most 64 characters'), z.union([unicodeString().max(512), z.number(), z.boolean(), z.null()]))
  .refine((o) => Object.keys(o).length <= 25, 'at most 25 properties');
const metric = z.number().finite().min(0).max(1e7);

const base = { id, ts: z.number().int().nonnegative() };
/** An identify's proof (issue 11): hex of HMAC-SHA256(site's identify secret, normalized lead id). */
const signature = z.string().regex(/^[0-9a-fA-F]{64}$/, "must be 64 hex digits: the HMAC-SHA256 of the lead id with the site's identify secret");

/** One event of a batch; `type` selects its fields. */
export const eventSchema = z.discriminatedUnion('type', [
  z.object({ ...base, type: z.literal('pageview'), path, title: text(512).optional(), referrer: text(2048).optional() }),
  z.object({ ...base, type: z.literal('visit') }),
  z.object({ ...base, type: z.literal('download'), url: unicodeString().min(1).max(2048) }),
  z.object({ ...base, type: z.literal('event'), name: unicodeString().min(1).max(64), props: props.optional() }),
  z.object({ ...base, type: z.literal('engaged'), path, ms: z.number().int().min(0).max(86_400_000) }),
  z.object({ ...base, type: z.literal('identify'), lead: unicodeString().trim().min(1).max(256), traits: props.optional(), sig: signature.optional() }),
  z.object({ ...base, type: z.literal('vitals'), path, lcp: metric.optional(), inp: metric.optional(), cls: metric.optional() }),
]);

/** Pattern of a visitor id, as the SDK makes them (22 characters; 16 to 64 accepted). */
export const VISITOR_ID = /^[A-Za-z0-9_-]{16,64}$/;
/** A site name. */
export const siteName = z.string().regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, 'must be 1 to 64 characters of [a-z0-9_-]');
/** A visitor id. */
export const visitorId = z.string().regex(VISITOR_ID, 'must be 16 to 64 characters of [A-Za-z0-9_-]');

/** The body of `POST /v1/collect`. */
export const collectSchema = z.object({
  site: siteName,
  visitor: visitorId,
  events: z.array(eventSchema).min(1).max(MAX_EVENTS),
});

/** A validated collect request. */
export type CollectBody = z.infer<typeof collectSchema>;
/** A validated event, as the client sent it. */
export type ClientEvent = z.infer<typeof eventSchema>;
/** The names of the event types. */
export type EventType = ClientEvent['type'];
/** Every event type, in the order of SPEC.md §4. */
export const EVENT_TYPES = eventSchema.options.map((o) => o.shape.type.value) as EventType[];
