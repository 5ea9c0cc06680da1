// A site's models in one shape (issue 13, docs/scoring.md#models): the top-level rules are model `default`,
// then `models` in order, each with its kind, bands and grades filled in.
import { DEFAULT_GRADES, DEFAULT_MODEL, DEFAULT_MODEL_BANDS, type Grade } from '../site/modelsSchema';
import type { FitRule, Rule, SiteConfig } from '../site/siteConfigSchema';

/** One model of a site, ready to score. */
export interface Model {
  id: string;
  kind: 'engagement' | 'fit';
  label?: string;
  /** Engagement rules (kind `engagement`) or fit rules (kind `fit`). */
  rules: Rule[] | FitRule[];
  halfLifeDays?: number;
  bands: { warm: number; hot: number };
  /** Grade thresholds; absent: the model has no grade. */
  grades?: { A: number; B: number; C: number };
}

/** An engagement model, which scoreLead takes as it takes a configuration. */
export type EngagementModel = Model & { kind: 'engagement'; rules: Rule[] };

const cache = new WeakMap<SiteConfig, Model[]>();

/** The models of `config`, model `default` first; the same objects for as long as the configuration lives. */
export function siteModels(config: SiteConfig): Model[] {
  let models = cache.get(config);
  if (!models) {
    models = [
      { id: DEFAULT_MODEL, kind: 'engagement', rules: config.rules, halfLifeDays: config.halfLifeDays, bands: config.bands },
      ...(config.models ?? []).map((m): Model => {
        const kind = m.kind ?? 'engagement';
        const grades = m.grades ?? (kind === 'fit' ? DEFAULT_GRADES : undefined);
        return { id: m.id, kind, label: m.label, rules: m.rules as Rule[] | FitRule[], halfLifeDays: kind === 'fit' ? undefined : m.halfLifeDays, bands: m.bands ?? DEFAULT_MODEL_BANDS, grades };
      }),
    ];
    cache.set(config, models);
  }
  return models;
}

/** The id of the primary model of `config`: its score and band are the lead's `score` and `band`. */
export function primaryModel(config: SiteConfig): string {
  return config.primary ?? DEFAULT_MODEL;
}

/** The grade of `score` under `grades`. */
export function gradeFor(score: number, grades: { A: number; B: number; C: number }): Grade {
  return score >= grades.A ? 'A' : score >= grades.B ? 'B' : score >= grades.C ? 'C' : 'D';
}
