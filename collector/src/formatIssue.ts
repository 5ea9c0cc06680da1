// Turns a schema issue into the one-line message of the wire contract: `events[3].type: unknown type 'foo'`.
import type { z } from 'zod';

/** Formats a path like `["events", 3, "type"]` as `events[3].type`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += (out ? '.' : '') + String(part);
  }
  return out;
}

/** One readable line for the first issue of a failed parse. */
export function formatIssue(issue: z.core.$ZodIssue, input?: unknown): string {
  if (issue.code === 'invalid_key') {
    // A record's key: name the record, not the key, which may be the very text that is refused.
    return `${formatPath(issue.path.slice(0, -1))}: a key ${issue.issues[0]?.message ?? 'is not valid'}`;
  }
  const where = formatPath(issue.path);
  let message = issue.message;
  if (issue.code === 'invalid_union' && 'discriminator' in issue && issue.discriminator) {
    const value = valueAt(input, issue.path);
    message = value === undefined ? 'required' : `unknown ${String(issue.discriminator)} ${JSON.stringify(value).replace(/"/g, "'")}`;
  } else if (issue.code === 'invalid_type' && issue.message.includes('received undefined')) {
    message = 'required';
  } else if (issue.code === 'too_big' && issue.origin === 'array') {
    message = `at most ${issue.maximum} items`;
  } else if (issue.code === 'too_small' && issue.origin === 'array') {
    message = `at least ${issue.minimum} item${issue.minimum === 1 ? '' : 's'}`;
  }
  return where ? `${where}: ${message}` : message;
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let v: unknown = input;
  for (const p of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<PropertyKey, unknown>)[p];
  }
  return v;
}
