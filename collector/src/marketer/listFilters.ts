// The model, grade and stage filters of `GET /v1/leads` and the CSV (issue 13), checked against the site's
// configuration: an unknown model or stage, or a grade of a model without grades, is a 400 naming the field.
import { ApiError } from '../errors';
import { primaryModel, siteModels } from '../scoring/siteModels';
import type { Band } from '../scoring/scoreLead';
import type { ListOptions } from '../site/LeadIndex';
import type { Grade } from '../site/modelsSchema';
import type { SiteConfig } from '../site/siteConfigSchema';

/** The filters as a query gives them. */
export interface FilterQuery {
  band?: Band;
  grade?: Grade;
  stage?: string;
  model?: string;
  sort?: string;
}

/** The index's list options for `q` (a model that is the primary is the index's own columns). */
export function listFilters(q: FilterQuery, config: SiteConfig): Omit<ListOptions, 'limit' | 'after'> {
  const models = siteModels(config);
  const primary = primaryModel(config);
  const known = (field: 'model' | 'sort', id: string | undefined) => {
    if (id !== undefined && !models.some((m) => m.id === id)) throw new ApiError(400, 'invalid_request', `${field}: unknown model '${id}'; one of ${models.map((m) => m.id).join(', ')}`);
    return id === primary ? undefined : id;
  };
  const model = known('model', q.model);
  const sort = q.sort === undefined ? model : known('sort', q.sort);
  const graded = models.find((m) => m.id === (q.model ?? primary))!;
  if (q.grade !== undefined && !graded.grades) throw new ApiError(400, 'invalid_request', `grade: model '${graded.id}' has no grades; name a model with grades in model=`);
  const stages = config.stages ?? [];
  if (q.stage !== undefined && !stages.some((s) => s.id === q.stage)) throw new ApiError(400, 'invalid_request', stages.length ? `stage: unknown stage '${q.stage}'; one of ${stages.map((s) => s.id).join(', ')}` : `stage: site has no stages`);
  return { band: q.band, grade: q.grade, stage: q.stage, model, sort, withModels: models.length > 1 };
}
