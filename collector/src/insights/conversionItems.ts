// The items of `POST /v1/conversions`, from a JSON batch or a CSV file (`lead,outcome,at,value`, as a CRM
// exports it), each checked on its own: one bad row is reported as `invalid` and the others still count.
// What makes the whole request bad (not JSON, no `conversions`, a missing column, too many items) throws.
import { z } from 'zod';
import { ApiError } from '../errors';
import { formatIssue } from '../formatIssue';
import { parseCsv, undefuse } from '../marketer/parseCsv';
import { outcomeName } from './outcomeName';

/** Most outcomes one request may carry. */
export const MAX_CONVERSIONS = 1_000;
/** Largest body `POST /v1/conversions` accepts: 1,000 CSV rows of a few hundred bytes each, with room. */
export const MAX_CONVERSIONS_BYTES = 1024 * 1024;
/** How far in the future an outcome's time may be (clocks differ a little). */
const FUTURE_SLACK_MS = 5 * 60_000;
/** The earliest time an outcome may have. */
const EARLIEST = Date.UTC(2000, 0, 1);

const isoOrMs = z.union([
  z.number().int().nonnegative(),
  z
    .string()
    .trim()
    .refine((s) => /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2}))?$/.test(s) && !Number.isNaN(Date.parse(s)), 'must be an ISO 8601 time with its offset (2026-01-05T14:30:00Z), a date (2026-01-05) or milliseconds since the epoch'),
]);

/** One outcome as a client sends it. */
export const conversionItem = z.strictObject({
  id: z
    .string()
    .regex(/^[A-Za-z0-9_.:-]{1,128}$/, 'must be 1 to 128 characters of [A-Za-z0-9_.:-]')
    .optional()
    .describe('makes the item idempotent; default: derived from lead, outcome and at'),
  lead: z.string().trim().min(1, 'must not be empty').max(256, 'must be at most 256 characters').describe('the lead id given to identify (an e-mail address or CRM id), or a visitor id'),
  kind: z.enum(['lead', 'visitor'], { error: "must be 'lead' or 'visitor'" }).optional().describe('whether `lead` is a lead id or a visitor id, when it could be both'),
  outcome: outcomeName.describe('won, lost, or a name of your own (demo_booked)'),
  at: isoOrMs.describe('when it happened: ISO 8601 with offset, a date (00:00 UTC) or milliseconds since the epoch'),
  value: z.number({ error: 'must be a number, like 1200.50 (no currency, no thousands separator)' }).finite().nullable().optional().describe('optional value, e.g. the deal amount'),
});

/** The JSON body of `POST /v1/conversions`. */
export const conversionsBody = z.strictObject({ conversions: z.array(conversionItem).min(1).max(MAX_CONVERSIONS) });

/** An item that passed its checks. */
export interface ConversionItem {
  id?: string;
  lead: string;
  kind?: 'lead' | 'visitor';
  outcome: string;
  at: number;
  value: number | null;
}

/** Each item in order: checked, or the reason it is invalid. */
export type CheckedItem = { ok: true; item: ConversionItem } | { ok: false; message: string };

const envelope = z.strictObject({ conversions: z.array(z.unknown()).min(1, 'at least 1 item').max(MAX_CONVERSIONS, `at most ${MAX_CONVERSIONS} items`) });

/** The items of a JSON body. */
export function itemsFromJson(text: string, now: number): CheckedItem[] {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new ApiError(400, 'invalid_request', 'body is not valid JSON');
  }
  const parsed = envelope.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const message = issue.code === 'unrecognized_keys' ? `${issue.keys[0]}: unknown field; the body is {"conversions": [...]}` : formatIssue(issue, json);
    throw new ApiError(issue.code === 'too_big' ? 413 : 400, issue.code === 'too_big' ? 'payload_too_large' : 'invalid_request', message);
  }
  return parsed.data.conversions.map((raw) => check(raw, now));
}

/** Columns a CSV body may have; `lead`, `outcome` and `at` are required, others are ignored. */
const CSV_COLUMNS = ['lead', 'outcome', 'at', 'value', 'id', 'kind'] as const;

/** The items of a CSV body with a header row. */
export function itemsFromCsv(text: string, now: number): CheckedItem[] {
  let rows: string[][];
  try {
    rows = parseCsv(text);
  } catch (e) {
    throw new ApiError(400, 'invalid_request', `CSV: ${(e as Error).message}`);
  }
  const header = rows.shift()?.map((h) => h.trim().toLowerCase());
  if (!header) throw new ApiError(400, 'invalid_request', 'CSV: empty; the first line names the columns: lead,outcome,at,value');
  const col = Object.fromEntries(CSV_COLUMNS.map((c) => [c, header.indexOf(c)])) as Record<(typeof CSV_COLUMNS)[number], number>;
  const missing = (['lead', 'outcome', 'at'] as const).filter((c) => col[c] < 0);
  if (missing.length) throw new ApiError(400, 'invalid_request', `CSV: missing column${missing.length > 1 ? 's' : ''} ${missing.join(', ')}; the first line names the columns: lead,outcome,at,value`);
  if (!rows.length) throw new ApiError(400, 'invalid_request', 'CSV: no rows after the header');
  if (rows.length > MAX_CONVERSIONS) throw new ApiError(413, 'payload_too_large', `CSV: at most ${MAX_CONVERSIONS} rows, got ${rows.length}`);
  return rows.map((cells) => {
    if (cells.length !== header.length) return { ok: false, message: `row has ${cells.length} cells, the header ${header.length}` };
    const cell = (c: (typeof CSV_COLUMNS)[number]) => (col[c] < 0 ? '' : undefuse(cells[col[c]]!).trim());
    const value = cell('value');
    const at = cell('at');
    const raw: Record<string, unknown> = { lead: cell('lead'), outcome: cell('outcome').toLowerCase(), at: /^\d+$/.test(at) ? Number(at) : at };
    if (value !== '') raw.value = /^-?\d+(\.\d+)?$/.test(value) ? Number(value) : value;
    if (cell('id') !== '') raw.id = cell('id');
    if (cell('kind') !== '') raw.kind = cell('kind');
    return check(raw, now);
  });
}

/** Checks one item; its time must be after 2000 and not in the future. */
function check(raw: unknown, now: number): CheckedItem {
  const parsed = conversionItem.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return { ok: false, message: issue.code === 'unrecognized_keys' ? `${issue.keys[0]}: unknown field` : formatIssue(issue, raw) };
  }
  const { at: given, value, ...rest } = parsed.data;
  const at = typeof given === 'number' ? given : Date.parse(given.length === 10 ? `${given}T00:00:00Z` : given);
  if (at < EARLIEST) return { ok: false, message: 'at: before 2000' };
  if (at > now + FUTURE_SLACK_MS) return { ok: false, message: 'at: in the future' };
  return { ok: true, item: { ...rest, at, value: value ?? null } };
}
