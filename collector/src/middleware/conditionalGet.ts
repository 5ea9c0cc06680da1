// Conditional GETs (ETag / If-None-Match → 304) for the routes browsers and sites' servers call
// cross-origin: Hono's etag middleware, keeping on a 304 the CORS and cross-origin headers the 200 has, so
// that a browser revalidating a cross-origin response may still read it.
import type { MiddlewareHandler } from 'hono';
import { etag, RETAINED_304_HEADERS } from 'hono/etag';

const KEPT = [...RETAINED_304_HEADERS, 'access-control-allow-origin', 'access-control-expose-headers', 'cross-origin-resource-policy', 'x-content-type-options'];

/** Answers 304 when `If-None-Match` names the reply's ETag (the one the handler set, or a digest of its body). */
export function conditionalGet(): MiddlewareHandler {
  return etag({ retainedHeaders: KEPT });
}
