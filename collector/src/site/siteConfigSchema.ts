// Schema of a site's scoring configuration (SPEC.md §5); refuses with a message naming the exact field.
import { z } from 'zod';
import { EVENT_TYPES } from '../collectSchema';
import { formatIssue, formatPath } from '../formatIssue';
import { outcomeName } from '../insights/outcomeName';

const PATH_TYPES = new Set(['pageview', 'download', 'engaged', 'vitals']);

/** Whether `pattern` compiles as a URLPattern pathname pattern (URLPattern throws a generic error). */
export function isValidPathPattern(pattern: string): boolean {
  try {
    new URLPattern({ pathname: pattern });
    return true;
  } catch {
    return false;
  }
}

const ruleSchema = z
  .strictObject({
    id: z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/, 'must be 1 to 64 characters of [A-Za-z0-9_.-]'),
    when: z.strictObject({
      type: z.enum(EVENT_TYPES as [string, ...string[]], { error: (iss) => (iss.input === undefined ? 'required' : `unknown type ${JSON.stringify(iss.input).replace(/"/g, "'")}; one of ${EVENT_TYPES.join(', ')}`) }),
      // Custom regular expressions (`(…)` groups) could backtrack catastrophically on a visitor's path,
      // and every beacon runs them: only `:name`, `*` and `{…}` are allowed.
      path: z
        .string()
        .min(1)
        .max(512)
        .refine(isValidPathPattern, 'invalid pattern')
        .refine((p) => !/(^|[^\\])\(/.test(p), 'regular expression groups are not allowed; use :name, * and {…}')
        .optional(),
      name: z.string().min(1).max(64).optional(),
    }),
    points: z.number().finite().min(-1000).max(1000),
    max: z.number().finite().positive().max(1000).optional(),
    once: z.enum(['visit', 'day'], "must be 'visit' or 'day'").optional(),
  })
  .superRefine((rule, ctx) => {
    if (rule.when.path !== undefined && !PATH_TYPES.has(rule.when.type))
      ctx.addIssue({ code: 'custom', path: ['when', 'path'], message: `not allowed for type '${rule.when.type}'` });
    if (rule.when.name !== undefined && rule.when.type !== 'event')
      ctx.addIssue({ code: 'custom', path: ['when', 'name'], message: `only allowed for type 'event'` });
  });

const origin = z.string().refine((s) => {
  try {
    const u = new URL(s);
    return (u.protocol === 'http:' || u.protocol === 'https:') && u.origin === s;
  } catch {
    return false;
  }
}, 'must be an origin like https://example.com (scheme, host and port only)');

/** A site's configuration: allowed origins, rules, decay, band thresholds and webhook. */
export const siteConfigSchema = z
  .strictObject({
    origins: z.array(origin).max(50).default([]),
    rules: z.array(ruleSchema).max(200),
    halfLifeDays: z.number().finite().min(0).max(3650).optional(),
    bands: z.strictObject({ warm: z.number().finite().min(0).max(100), hot: z.number().finite().min(0).max(100) }),
    webhook: z
      .strictObject({
        url: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }),
        secret: z.string().min(16, 'must be at least 16 characters').max(256),
      })
      .optional(),
    /** Days raw events are kept before they are folded into daily aggregates (default 180). */
    retentionDays: z.number().int().min(1).max(3650).optional(),
    /** The outcome insights and lead confidence are about (default `won`; docs/insights.md). */
    outcome: outcomeName.optional(),
  })
  .superRefine((config, ctx) => {
    if (config.bands.warm > config.bands.hot)
      ctx.addIssue({ code: 'custom', path: ['bands', 'warm'], message: 'must not be above bands.hot' });
    const seen = new Set<string>();
    config.rules.forEach((rule, i) => {
      if (seen.has(rule.id)) ctx.addIssue({ code: 'custom', path: ['rules', i, 'id'], message: `duplicate rule id '${rule.id}'` });
      seen.add(rule.id);
    });
  });

/** A validated site configuration. */
export type SiteConfig = z.infer<typeof siteConfigSchema>;
/** One scoring rule. */
export type Rule = SiteConfig['rules'][number];

/** Validates a configuration; the error names the exact field (`rules[2].when.path: invalid pattern`). */
export function parseSiteConfig(input: unknown): { ok: true; config: SiteConfig } | { ok: false; message: string } {
  const result = siteConfigSchema.safeParse(input);
  if (result.success) return { ok: true, config: result.data };
  const issue = result.error.issues[0]!;
  if (issue.code === 'unrecognized_keys') {
    // Name the field itself: `rules[0].when.pth: unknown field` (a typo must not be ignored silently).
    return { ok: false, message: `${formatPath([...issue.path, issue.keys[0]!])}: unknown field` };
  }
  return { ok: false, message: formatIssue(issue, input) };
}
