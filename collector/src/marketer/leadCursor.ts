// The opaque cursor of `GET /v1/leads`: the position (score, object name) of a page's last lead.
import { ApiError } from '../errors';

/** A position in the index order (score descending, then name). */
export interface LeadCursor {
  score: number;
  name: string;
}

const b64url = (s: string) => btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');

/** Encodes a position as an opaque token. */
export function encodeCursor(c: LeadCursor): string {
  return b64url(JSON.stringify([c.score, c.name]));
}

/** Decodes a token of `encodeCursor`; a 400 error for anything else. */
export function decodeCursor(token: string): LeadCursor {
  try {
    const [score, name] = JSON.parse(atob(token.replace(/-/g, '+').replace(/_/g, '/'))) as unknown[];
    if (Number.isInteger(score) && typeof name === 'string' && name.length <= 256) return { score: score as number, name };
  } catch {
    /* refused below */
  }
  throw new ApiError(400, 'invalid_request', 'cursor: not a cursor of this API; pass back the cursor of the previous page');
}
