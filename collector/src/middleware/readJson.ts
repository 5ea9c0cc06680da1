// Reading a request body as JSON with the contract's 400 for a body that is not JSON.
import type { Context } from 'hono';
import { ApiError } from '../errors';

/** The body parsed as JSON; a body that is not JSON gets 400 with `code` (routes name their own). */
export async function readJson(c: Context, code: string): Promise<unknown> {
  const text = await c.req.text();
  try {
    return JSON.parse(text);
  } catch {
    throw new ApiError(400, code, 'body is not valid JSON');
  }
}
