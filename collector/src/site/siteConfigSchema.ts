// Schema of a site's scoring configuration (SPEC.md §5); refuses with a message naming the exact field.
// Every string is well-formed Unicode (unicodeString.ts) or matches an ASCII pattern.
import { z } from 'zod';
import { EVENT_TYPES } from '../collectSchema';
import { formatIssue, formatPath } from '../formatIssue';
import { PATH_PATTERN_SYNTAX } from '../scoring/parsePathPattern';
import { MAX_MATCHED_CHARS, PathMatcher } from '../scoring/PathMatcher';
import { unicodeString } from '../unicodeString';
import { webhookConfigSchema, type WebhookConfig } from '../webhook/webhookConfigSchema';
import { webhookUrlProblem } from '../webhook/webhookUrlProblem';
import { outcomeName } from '../insights/outcomeName';
import { checkModels } from './checkModels';
import { label, modelSchemaOf, stageSchema, type FitRule, type Grade, type StageConfig } from './modelsSchema';

const PATH_TYPES = new Set(['pageview', 'download', 'engaged', 'vitals']);

const ruleSchema = z
  .strictObject({
    id: z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/, 'must be 1 to 64 characters of [A-Za-z0-9_.-]'),
    /** A name for people: the dashboard and the lead's details show it beside the id. */
    label: label.optional(),
    when: z.strictObject({
      type: z.enum(EVENT_TYPES as [string, ...string[]], { error: (iss) => (iss.input === undefined ? 'required' : `unknown type ${JSON.stringify(iss.input).replace(/"/g, "'")}; one of ${EVENT_TYPES.join(', ')}`) }),
      // A subset of URLPattern's pathname syntax that PathMatcher matches in linear time: every beacon
      // matches visitors' paths with it, so no pattern may backtrack.
      path: unicodeString()
        .min(1)
        .max(512)
        .superRefine((pattern, ctx) => {
          const compiled = PathMatcher.compile(pattern);
          if (!compiled.ok) ctx.addIssue({ code: 'custom', message: compiled.reason });
        })
        .describe(`${PATH_PATTERN_SYNTAX}; matched against the first ${MAX_MATCHED_CHARS} characters of the canonical path (docs/scoring.md#rule-paths)`)
        .optional(),
      name: unicodeString().min(1).max(64).optional(),
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

/** An engagement rule: what `rules` and the rules of an engagement model hold. */
export const engagementRuleSchema = ruleSchema;

const origin = unicodeString().refine((s) => {
  try {
    const u = new URL(s);
    return (u.protocol === 'http:' || u.protocol === 'https:') && u.origin === s;
  } catch {
    return false;
  }
}, 'must be an origin like https://example.com (scheme, host and port only)');

// ── Trust (issue 11): signed identify and abuse limits ──
// Both blocks are optional and their fields too: the code that reads them holds the defaults
// (lead/identifyProof.ts, lead/leadBudget.ts), so that a stored configuration stays as it was written.

/** `identify`: whether an identify must carry the site's signature of the lead id, and the secret that signs. */
export const identifyConfigSchema = z.strictObject({
  /** Whether an identify needs a valid `sig` (default true: sites created by PUT require signatures). */
  signed: z.boolean({ error: 'must be true or false' }).optional(),
  /** The per-site secret of HMAC-SHA256(secret, lead id); PUT generates one when a signed site has none. */
  secret: z
    .string()
    .min(32, 'must be at least 32 characters')
    .max(256)
    .regex(/^[\x21-\x7e]+$/, 'must be printable ASCII without spaces')
    .optional(),
});

/** `limits`: the per-lead event budget and the caps on custom events, within bounds that keep SPEC.md §4's promise. */
export const limitsConfigSchema = z.strictObject({
  /** Events one lead (all its visitors together) may add per clock minute; at least the 1,000 SPEC.md §4 promises. */
  leadEventsPerMinute: z.number().int('must be a whole number').min(1000, 'must be at least 1000 (a visitor may always send 1,000 events a minute)').max(100_000).optional(),
  /** Times each custom event name counts per visit of a lead. */
  customEventsPerVisit: z.number().int('must be a whole number').min(1).max(10_000).optional(),
  /** Times each custom event name counts per UTC day of a lead. */
  customEventsPerDay: z.number().int('must be a whole number').min(1).max(100_000).optional(),
});

/** The trust blocks of a site's configuration. */
const trustFields = {
  identify: identifyConfigSchema.optional(),
  limits: limitsConfigSchema.optional(),
};
// ── End of the trust blocks ──

/** A site's configuration: allowed origins, rules, decay, band thresholds and webhook. */
export const siteConfigSchema = z
  .strictObject({
    origins: z.array(origin).max(50).default([]),
    rules: z.array(ruleSchema).max(200),
    halfLifeDays: z.number().finite().min(0).max(3650).optional(),
    bands: z.strictObject({ warm: z.number().finite().min(0).max(100), hot: z.number().finite().min(0).max(100) }),
    webhook: webhookConfigSchema.optional(),
    /** Days raw events are kept before they are folded into daily aggregates (default 180). */
    retentionDays: z.number().int().min(1).max(3650).optional(),
    ...trustFields,
    /** The outcome insights and lead confidence are about (default `won`; docs/insights.md). */
    outcome: outcomeName.optional(),
    // ── Several models and stages (issue 13, docs/scoring.md#models) ──
    /** More named models beside the top-level one, which is model `default`. */
    models: z.array(modelSchemaOf<z.infer<typeof ruleSchema>>()).max(50).optional(),
    /** The model whose score and band are the lead's `score` and `band` (default `default`). */
    primary: z.string().min(1).max(32).optional(),
    /** Lifecycle stages, in order. */
    stages: z.array(stageSchema).max(50).optional(),
  })
  .superRefine((config, ctx) => {
    if (config.bands.warm > config.bands.hot)
      ctx.addIssue({ code: 'custom', path: ['bands', 'warm'], message: 'must not be above bands.hot' });
    const seen = new Set<string>();
    config.rules.forEach((rule, i) => {
      if (seen.has(rule.id)) ctx.addIssue({ code: 'custom', path: ['rules', i, 'id'], message: `duplicate rule id '${rule.id}'` });
      seen.add(rule.id);
    });
    checkModels(config, ctx, ruleSchema);
  });

/** A validated site configuration as submitted, webhook secret included: only the site's object keeps it. */
export type SiteConfigWithSecret = z.infer<typeof siteConfigSchema>;
/** A model of `models`, its rules typed by its kind (checkModels.ts checked them). */
export type ModelConfig = NonNullable<SiteConfigWithSecret['models']>[number];
export type { FitRule, Grade, StageConfig };
/**
 * A site's configuration as everything but its site object sees it: the webhook without its secret, which
 * a delivery fetches from the site object when it is made (SiteObject.webhookTarget).
 */
export type SiteConfig = Omit<SiteConfigWithSecret, 'webhook'> & { webhook?: Omit<WebhookConfig, 'secret'> };
/** One scoring rule. */
export type Rule = SiteConfigWithSecret['rules'][number];

/**
 * Validates a configuration; the error names the exact field (`rules[2].when.path: at most 16 of *, :name and {…} together; …`).
 * `allowLocalWebhook` is the Worker's WEBHOOK_ALLOW_LOCAL (webhookUrlProblem.ts).
 */
export function parseSiteConfig(input: unknown, opts: { allowLocalWebhook?: boolean } = {}): { ok: true; config: SiteConfigWithSecret } | { ok: false; message: string } {
  const result = siteConfigSchema.safeParse(input);
  if (result.success) {
    const problem = result.data.webhook && webhookUrlProblem(result.data.webhook.url, opts.allowLocalWebhook);
    return problem ? { ok: false, message: `webhook.url: ${problem}` } : { ok: true, config: result.data };
  }
  const issue = result.error.issues[0]!;
  if (issue.code === 'unrecognized_keys') {
    // Name the field itself: `rules[0].when.pth: unknown field` (a typo must not be ignored silently).
    return { ok: false, message: `${formatPath([...issue.path, issue.keys[0]!])}: unknown field` };
  }
  return { ok: false, message: formatIssue(issue, input) };
}
