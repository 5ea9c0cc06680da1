// What a lead's index row shows besides its primary score (issue 13): the primary grade, the stage and the
// other models' scores, bands and grades, so that lists filter and sort by them (LeadIndex.ts).
import type { Band } from '../scoring/scoreLead';
import type { ScoredModels } from '../scoring/scoreModels';
import type { Grade } from '../site/modelsSchema';
import type { ScoringState } from './objectState';
import { currentStage } from './StageBook';

/** One model's cell of an index row. */
export interface ModelCell {
  id: string;
  score: number;
  band: Band;
  grade: Grade | null;
}

/** The extras of an index row. */
export interface IndexExtras {
  grade: Grade | null;
  stage: string | null;
  /** The models other than the primary, in the configuration's order. */
  models: ModelCell[];
}

/** The extras of a lead scored `scored`; undefined when it has none (a site with one model and no stages). */
export function indexExtras(scored: ScoredModels, s: ScoringState, primary: string): IndexExtras | undefined {
  const models = scored.models.filter((m) => m.id !== primary).map(({ id, score, band, grade }) => ({ id, score, band, grade }));
  const stage = s.kind === 'lead' ? currentStage(s.stages) : null;
  if (!models.length && stage === null && scored.grade === null) return undefined;
  return { grade: scored.grade, stage, models };
}

/** How the extras changed: not at all, in scores only (written at most once a minute), or in what filters see. */
export function extrasChange(before: IndexExtras | undefined, after: IndexExtras | undefined): 'none' | 'scores' | 'shown' {
  const shown = (x?: IndexExtras) => JSON.stringify(x ? [x.grade, x.stage, x.models.map((m) => [m.id, m.band, m.grade])] : null);
  if (shown(before) !== shown(after)) return 'shown';
  return JSON.stringify(before?.models.map((m) => m.score)) === JSON.stringify(after?.models.map((m) => m.score)) ? 'none' : 'scores';
}
