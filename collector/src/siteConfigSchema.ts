// Schema of a site's scoring configuration (SPEC.md §5); refuses with a message naming the exact field.
import { z } from 'zod';
import { EVENT_TYPES } from './collectSchema';
import { formatIssue } from './formatIssue';

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
  .object({
    id: z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/, 'must be 1 to 64 characters of [A-Za-z0-9_.-]'),
    when: z.object({
      type: z.enum(EVENT_TYPES as [string, ...string[]]),
      path: z.string().min(1).max(512).refine(isValidPathPattern, 'invalid pattern').optional(),
      name: z.string().min(1).max(64).optional(),
    }),
    points: z.number().finite().min(-1000).max(1000),
    max: z.number().finite().positive().max(1000).optional(),
    once: z.enum(['visit', 'day']).optional(),
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
  .object({
    origins: z.array(origin).max(50).default([]),
    rules: z.array(ruleSchema).max(200),
    halfLifeDays: z.number().finite().min(0).max(3650).optional(),
    bands: z.object({ warm: z.number().finite().min(0).max(100), hot: z.number().finite().min(0).max(100) }),
    webhook: z
      .object({
        url: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }),
        secret: z.string().min(16, 'must be at least 16 characters').max(256),
      })
      .optional(),
    retentionDays: z.number().int().min(1).max(3650).optional(),
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
  return { ok: false, message: formatIssue(result.error.issues[0]!, input) };
}
