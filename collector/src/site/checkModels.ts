// The cross-field checks of a configuration's models and stages (issue 13): each model's rules against the
// rule schema of its kind, unique ids, a primary and stage conditions that name known models, thresholds in
// order, and thresholds a model's rules can reach. Every refusal names the exact field.
import type { z } from 'zod';
import { DEFAULT_MODEL, fitRuleSchema, MAX_MODELS, MAX_STAGES, stageConditionSchema, type FitRule, type StageCondition } from './modelsSchema';

type Ctx = z.RefinementCtx;
type Path = (string | number)[];
type AnyRule = { id: string; points: number; max?: number; when: Record<string, unknown> };
/** What the checks read of a configuration, as its schema parsed it. */
export interface ModelsInput {
  rules: AnyRule[];
  bands: { warm: number; hot: number };
  models?: { id: string; kind?: 'engagement' | 'fit'; rules: unknown[]; bands?: { warm: number; hot: number }; grades?: { A: number; B: number; C: number } }[];
  primary?: string;
  stages?: { id: string; when?: unknown }[];
}

const TRAIT_FIELDS = ['trait', 'emailDomain', 'freeEmail'];

/** Adds an issue for every problem of the models and stages of `config`; `ruleSchema` is an engagement rule's. */
export function checkModels(config: ModelsInput, ctx: Ctx, ruleSchema: z.ZodType): void {
  const models = config.models ?? [];
  if (models.length + 1 > MAX_MODELS) ctx.addIssue({ code: 'custom', path: ['models'], message: `at most ${MAX_MODELS - 1} items (the top-level rules are model '${DEFAULT_MODEL}')` });
  /** Highest score each model can reach, and whether it has grades. */
  const known = new Map<string, { reach: number; grades: boolean; hot: number; warm: number }>([[DEFAULT_MODEL, { reach: reach(config.rules, false), grades: false, ...config.bands }]]);
  models.forEach((m, i) => {
    const at: Path = ['models', i];
    if (m.id === DEFAULT_MODEL) ctx.addIssue({ code: 'custom', path: [...at, 'id'], message: `'${DEFAULT_MODEL}' is the model of the top-level rules; choose another id` });
    else if (known.has(m.id)) ctx.addIssue({ code: 'custom', path: [...at, 'id'], message: `duplicate model id '${m.id}'` });
    const fit = m.kind === 'fit';
    if (fit && (m as { halfLifeDays?: number }).halfLifeDays !== undefined) ctx.addIssue({ code: 'custom', path: [...at, 'halfLifeDays'], message: 'a fit model does not decay: who the lead is does not fade with time' });
    const rules: AnyRule[] = [];
    const ids = new Set<string>();
    m.rules.forEach((rule, j) => {
      const where: Path = [...at, 'rules', j];
      const when = (rule as { when?: unknown } | null)?.when;
      const fields = when && typeof when === 'object' ? Object.keys(when) : [];
      const wrong = fit ? fields.find((f) => f === 'type') : fields.find((f) => TRAIT_FIELDS.includes(f));
      if (wrong) {
        const message = fit ? "event rules belong in an engagement model; a fit model's rules match trait, emailDomain or freeEmail" : "trait rules belong in a model of kind 'fit'";
        return ctx.addIssue({ code: 'custom', path: [...where, 'when', wrong], message });
      }
      const parsed = (fit ? fitRuleSchema : ruleSchema).safeParse(rule);
      if (!parsed.success) return forward(parsed.error.issues[0]!, where, ctx);
      const r = parsed.data as AnyRule;
      if (ids.has(r.id)) ctx.addIssue({ code: 'custom', path: [...where, 'id'], message: `duplicate rule id '${r.id}'` });
      ids.add(r.id);
      rules.push(r);
    });
    const bands = m.bands ?? { warm: 0, hot: 0 };
    if (bands.warm > bands.hot) ctx.addIssue({ code: 'custom', path: [...at, 'bands', 'warm'], message: 'must not be above bands.hot' });
    const top = reach(rules, fit);
    if (m.grades) {
      const g = m.grades;
      if (g.B > g.A) ctx.addIssue({ code: 'custom', path: [...at, 'grades', 'B'], message: 'must not be above grades.A' });
      else if (g.C > g.B) ctx.addIssue({ code: 'custom', path: [...at, 'grades', 'C'], message: 'must not be above grades.B' });
      else if (g.C > top) ctx.addIssue({ code: 'custom', path: [...at, 'grades', 'C'], message: `unsatisfiable: the model's rules add at most ${top} points` });
    }
    if (!known.has(m.id)) known.set(m.id, { reach: top, grades: fit || !!m.grades, ...(m.bands ?? { warm: 40, hot: 80 }) });
  });
  const names = [...known.keys()].join(', ');
  if (config.primary !== undefined && !known.has(config.primary)) ctx.addIssue({ code: 'custom', path: ['primary'], message: `unknown model '${config.primary}'; one of ${names}` });

  const stages = config.stages ?? [];
  if (stages.length > MAX_STAGES) ctx.addIssue({ code: 'custom', path: ['stages'], message: `at most ${MAX_STAGES} items` });
  const stageIds = new Set<string>();
  stages.forEach((stage, i) => {
    const at: Path = ['stages', i];
    if (stageIds.has(stage.id)) ctx.addIssue({ code: 'custom', path: [...at, 'id'], message: `duplicate stage id '${stage.id}'` });
    stageIds.add(stage.id);
    if (stage.when === undefined) return;
    const list = Array.isArray(stage.when) ? stage.when : [stage.when];
    if (Array.isArray(stage.when) && (list.length < 1 || list.length > 8)) return ctx.addIssue({ code: 'custom', path: [...at, 'when'], message: 'a list of 1 to 8 conditions, which must all hold' });
    list.forEach((cond, j) => {
      const where: Path = Array.isArray(stage.when) ? [...at, 'when', j] : [...at, 'when'];
      const parsed = stageConditionSchema.safeParse(cond);
      if (!parsed.success) return forward(parsed.error.issues[0]!, where, ctx);
      const c: StageCondition = parsed.data;
      const id = c.model ?? config.primary ?? DEFAULT_MODEL;
      const model = known.get(id);
      if (!model) return ctx.addIssue({ code: 'custom', path: [...where, 'model'], message: `unknown model '${id}'; one of ${names}` });
      if (c.model !== undefined && c.score === undefined && c.band === undefined && c.grade === undefined)
        return ctx.addIssue({ code: 'custom', path: [...where, 'model'], message: 'needs score, band or grade' });
      if (c.score !== undefined && c.score > model.reach) ctx.addIssue({ code: 'custom', path: [...where, 'score'], message: `unsatisfiable: model '${id}' reaches at most ${model.reach}` });
      const bandAt = c.band === 'hot' ? model.hot : c.band === 'warm' ? model.warm : 0;
      if (c.band !== undefined && bandAt > model.reach) ctx.addIssue({ code: 'custom', path: [...where, 'band'], message: `unsatisfiable: model '${id}' reaches at most ${model.reach}, below its ${c.band} threshold ${bandAt}` });
      if (c.grade !== undefined && !model.grades) ctx.addIssue({ code: 'custom', path: [...where, 'grade'], message: `model '${id}' has no grades (a fit model, or one with grades, has)` });
    });
  });
}

/** The highest score `rules` can reach (0–100): a rule without `max` can add without bound, a fit rule once. */
export function reach(rules: readonly (AnyRule | FitRule)[], fit: boolean): number {
  let sum = 0;
  for (const r of rules) {
    if (r.points <= 0) continue;
    const max = 'max' in r ? r.max : undefined;
    if (!fit && max === undefined) return 100;
    sum += fit ? r.points : max!;
  }
  return Math.min(100, Math.round(sum));
}

/** Forwards a nested schema's issue to the configuration's, under `path`, with the wording of parseSiteConfig. */
function forward(issue: z.core.$ZodIssue, path: Path, ctx: Ctx): void {
  if (issue.code === 'unrecognized_keys') return ctx.addIssue({ code: 'custom', path: [...path, ...(issue.path as Path), issue.keys[0]!], message: 'unknown field' });
  const message = issue.code === 'invalid_type' && issue.message.includes('received undefined') ? 'required' : issue.message;
  ctx.addIssue({ code: 'custom', path: [...path, ...(issue.path as Path)], message });
}

