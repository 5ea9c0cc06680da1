// Schemas of the several-models part of a site's configuration (issue 13, docs/scoring.md#models): named
// models with engagement or fit rules, grades, and lifecycle stages. Cross-field checks (unknown models,
// duplicate ids, unsatisfiable thresholds) are in checkModels.ts.
import { z } from 'zod';
import { unicodeString } from '../unicodeString';

/** Id of a model: it appears in `data-lp-show="billing:hot"`, so no spaces and no colon. */
export const MODEL_ID = /^[a-z][a-z0-9_-]{0,31}$/;
/** The id of the model the top-level `rules`, `halfLifeDays` and `bands` make. */
export const DEFAULT_MODEL = 'default';
/** The grades, best first. */
export const GRADES = ['A', 'B', 'C', 'D'] as const;
/** A grade: A at or above `grades.A`, B at or above `grades.B`, C at or above `grades.C`, else D. */
export type Grade = (typeof GRADES)[number];
/** The grade thresholds of a fit model without `grades`. */
export const DEFAULT_GRADES = { A: 75, B: 50, C: 25 } as const;
/** The bands of a model in `models` without `bands`. */
export const DEFAULT_MODEL_BANDS = { warm: 40, hot: 80 } as const;
/** Most models a site may have (the top-level one included). */
export const MAX_MODELS = 10;
/** Most stages a site may have. */
export const MAX_STAGES = 20;

const percent = z.number().finite().min(0).max(100);
const stepId = z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/, 'must be 1 to 64 characters of [A-Za-z0-9_.-]');
/** A rule's or a stage's name for people (the dashboard shows it instead of the id). */
export const label = unicodeString().trim().min(1, 'must not be empty').max(100, 'must be at most 100 characters');
const scalar = z.union([unicodeString().max(512), z.number().finite(), z.boolean()], { error: 'must be a string, a number or true/false' });
const number = z.number({ error: 'must be a number' }).finite();
/** A domain pattern: `example.com`, or `*.example.com` for its subdomains. */
const domain = z
  .string()
  .max(253)
  .regex(/^(\*\.)?([a-z0-9-]{1,63}\.)+[a-z]{2,63}$/, 'must be a lower-case domain like example.com, or *.example.com for its subdomains');

/** `when` of a fit rule: one trait test, or the lead's e-mail domain. */
export const fitWhenSchema = z
  .strictObject({
    trait: unicodeString().min(1).max(64, 'must be at most 64 characters').optional(),
    eq: scalar.optional(),
    in: z.array(scalar).min(1).max(100).optional(),
    gte: number.optional(),
    gt: number.optional(),
    lte: number.optional(),
    lt: number.optional(),
    exists: z.boolean({ error: 'must be true or false' }).optional(),
    emailDomain: z.array(domain).min(1).max(500).optional(),
    freeEmail: z.boolean({ error: 'must be true or false' }).optional(),
  })
  .superRefine((w, ctx) => {
    const subjects = (['trait', 'emailDomain', 'freeEmail'] as const).filter((k) => w[k] !== undefined);
    if (subjects.length !== 1) {
      ctx.addIssue({ code: 'custom', message: subjects.length ? `only one of ${subjects.join(', ')}` : 'needs trait, emailDomain or freeEmail' });
      return;
    }
    const tests = (['eq', 'in', 'gte', 'gt', 'lte', 'lt', 'exists'] as const).filter((k) => w[k] !== undefined);
    if (w.trait === undefined) {
      if (tests.length) ctx.addIssue({ code: 'custom', path: [tests[0]!], message: `only with trait` });
      return;
    }
    if (!tests.length) ctx.addIssue({ code: 'custom', path: ['trait'], message: 'needs a test: eq, in, gte, gt, lte, lt or exists' });
    const alone = tests.filter((k) => k === 'eq' || k === 'in' || k === 'exists');
    if (alone.length && tests.length > 1) ctx.addIssue({ code: 'custom', path: [alone[0]!], message: `not with ${tests.filter((k) => k !== alone[0]).join(', ')}` });
    if (w.gte !== undefined && w.gt !== undefined) ctx.addIssue({ code: 'custom', path: ['gt'], message: 'not with gte' });
    if (w.lte !== undefined && w.lt !== undefined) ctx.addIssue({ code: 'custom', path: ['lt'], message: 'not with lte' });
    const low = w.gte ?? w.gt;
    const high = w.lte ?? w.lt;
    if (low !== undefined && high !== undefined && (low > high || (low === high && (w.gt !== undefined || w.lt !== undefined))))
      ctx.addIssue({ code: 'custom', path: [w.gte !== undefined ? 'gte' : 'gt'], message: 'unsatisfiable: no number is within both bounds' });
  });

/** A fit rule: points once when the lead's traits match; no decay, no count. */
export const fitRuleSchema = z.strictObject({
  id: stepId,
  label: label.optional(),
  when: fitWhenSchema,
  points: z.number().finite().min(-1000).max(1000),
});

/** Grade thresholds: A ≥ B ≥ C. */
export const gradesSchema = z.strictObject({ A: percent, B: percent, C: percent });
/** Band thresholds. */
export const bandsSchema = z.strictObject({ warm: percent, hot: percent });

/**
 * A model of `models`, for engagement rules of type `R`. Its rules are checked against the rule schema of its
 * kind (checkModels.ts), so that a trait rule in an engagement model, or an event rule in a fit model, is
 * refused with a message that says so; the type says what passed.
 */
export function modelSchemaOf<R>() {
  return z.strictObject({
    id: z.string().regex(MODEL_ID, 'must be 1 to 32 characters of [a-z0-9_-], starting with a letter'),
    kind: z.enum(['engagement', 'fit'], "must be 'engagement' or 'fit'").optional().describe('engagement (default): event rules that decay; fit: trait rules, no decay, a grade'),
    label: label.optional(),
    rules: (z.array(z.unknown()).max(200) as unknown as z.ZodType<(R | FitRule)[]>).describe('engagement rules (as the top-level rules) in an engagement model; fit rules `{id, label?, when: {trait, eq|in|gte|gt|lte|lt|exists} | {emailDomain: [...]} | {freeEmail: bool}, points}` in a fit model'),
    halfLifeDays: z.number().finite().min(0).max(3650).optional(),
    bands: bandsSchema.optional().describe('default {warm: 40, hot: 80}'),
    grades: gradesSchema.optional().describe('grade thresholds (A ≥ B ≥ C; below C: D); a fit model without them has {A: 75, B: 50, C: 25}'),
  });
}

/** One entry condition of a stage: every test given must hold. */
export const stageConditionSchema = z.strictObject({
  model: z.string().min(1).max(32).optional(),
  score: percent.optional(),
  band: z.enum(['warm', 'hot'], "must be 'warm' or 'hot'").optional(),
  grade: z.enum(GRADES, "must be one of 'A', 'B', 'C', 'D'").optional(),
  identified: z.literal(true, 'must be true').optional(),
});

/** A lifecycle stage, in order; without `when` only the marketer API sets it. */
export const stageSchema = z.strictObject({
  id: stepId,
  label: label.optional(),
  when: (z.unknown() as unknown as z.ZodType<StageCondition | StageCondition[]>)
    .optional()
    .describe('a condition `{model?, score?, band?, grade?, identified?}` or a list of them that must all hold; absent: set by the marketer API only'),
});

/** A fit rule's `when`. */
export type FitWhen = z.infer<typeof fitWhenSchema>;
/** A fit rule. */
export type FitRule = z.infer<typeof fitRuleSchema>;
/** One condition of a stage's `when`. */
export type StageCondition = z.infer<typeof stageConditionSchema>;
/** A stage as configured: `when` is one condition or a list that must all hold. */
export type StageConfig = z.infer<typeof stageSchema>;
