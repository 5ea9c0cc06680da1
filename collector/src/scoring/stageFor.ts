// Lifecycle stages (issue 13, docs/scoring.md#stages): the stage a lead's scores move it to. Rules move a lead
// only forward, past the furthest stage it has ever been in, so a stage the marketer set (even an earlier
// one) holds until a further stage's conditions hold. Pure: scores, history and configuration in.
import { GRADES, type StageCondition, type StageConfig } from '../site/modelsSchema';
import type { ScoredModels } from './scoreModels';

/** One move of a lead's stage: to `stage`, at `at`, by its scores (`rules`) or by the marketer API (`api`). */
export interface StageEntry {
  stage: string;
  at: number;
  by: 'rules' | 'api';
}

/** Whether one condition holds for a lead with `scored` models. */
export function conditionHolds(c: StageCondition, scored: ScoredModels, identified: boolean, primary: string): boolean {
  if (c.identified && !identified) return false;
  if (c.score === undefined && c.band === undefined && c.grade === undefined) return true;
  const m = scored.models.find((x) => x.id === (c.model ?? primary));
  if (!m) return false;
  if (c.score !== undefined && m.score < c.score) return false;
  if (c.band === 'hot' && m.band !== 'hot') return false;
  if (c.band === 'warm' && m.band === 'cold') return false;
  if (c.grade !== undefined && (m.grade === null || GRADES.indexOf(m.grade) > GRADES.indexOf(c.grade))) return false;
  return true;
}

/** Whether a stage's entry conditions all hold; a stage without `when` is set by the marketer only. */
export function stageHolds(stage: StageConfig, scored: ScoredModels, identified: boolean, primary: string): boolean {
  if (stage.when === undefined) return false;
  const all = Array.isArray(stage.when) ? stage.when : [stage.when];
  return all.every((c) => conditionHolds(c, scored, identified, primary));
}

/**
 * The stage the rules move a lead to, or null for no move: the furthest stage whose conditions hold, when it is
 * beyond every stage of the lead's `history` that the configuration still has.
 */
export function stageFor(stages: readonly StageConfig[], history: readonly StageEntry[], scored: ScoredModels, identified: boolean, primary: string): string | null {
  let reached = -1;
  for (const e of history) reached = Math.max(reached, stages.findIndex((s) => s.id === e.stage));
  for (let i = stages.length - 1; i > reached; i--) if (stageHolds(stages[i]!, scored, identified, primary)) return stages[i]!.id;
  return null;
}
