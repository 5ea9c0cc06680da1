// The one error path: every refusal is `{"error": {"code", "message"}}` with a 4xx status.
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

/** An error a client caused; rendered as JSON by the app's `onError`. */
export class ApiError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** Renders any thrown value as the JSON error of the wire contract, never leaking internals. */
export function renderError(err: unknown, c: Context): Response {
  if (err instanceof ApiError) return errorJson(c, err.status, err.code, err.message);
  if (err instanceof HTTPException) {
    const status = err.status as ContentfulStatusCode;
    if (status === 413) return errorJson(c, 413, 'payload_too_large', err.message || 'body too large');
    if (status < 500) return errorJson(c, status, 'bad_request', err.message || 'bad request');
  }
  console.error('internal error', err);
  return errorJson(c, 500, 'internal_error', 'internal error');
}

/** A JSON error response. */
export function errorJson(c: Context, status: ContentfulStatusCode, code: string, message: string): Response {
  return c.json({ error: { code, message } }, status);
}
