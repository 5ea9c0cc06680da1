// Parses a marketer request's query, path or body with its schema; refuses with the field named.
import type { z } from 'zod';
import { ApiError } from '../errors';
import { formatIssue } from '../formatIssue';

/** The parsed input, or a 400 `{code}` error naming the first bad field (`limit: must be …`). */
export function validate<T extends z.ZodType>(schema: T, input: unknown, code = 'invalid_request'): z.output<T> {
  const result = schema.safeParse(input);
  if (!result.success) throw new ApiError(400, code, formatIssue(result.error.issues[0]!, input));
  return result.data;
}
