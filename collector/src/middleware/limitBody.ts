// Hono's body limit with the wire contract's 413 (SPEC.md §4), so every route refuses a large body alike.
import { bodyLimit } from 'hono/body-limit';
import { ApiError } from '../errors';

/** Refuses a body larger than `maxSize` bytes with 413 `payload_too_large`, before it is read. */
export const limitBody = (maxSize: number) =>
  bodyLimit({
    maxSize,
    onError: () => {
      throw new ApiError(413, 'payload_too_large', `body larger than ${maxSize} bytes`);
    },
  });
