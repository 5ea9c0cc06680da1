// A lead's lifecycle stage and its history (issue 13, docs/scoring.md#stages): moved forward by its scores
// (stageFor.ts) whenever it is scored, or set by the marketer API; every change owes the site's webhook one
// `lead.stage` delivery, which HotWebhooks.ts retries with the `lead.hot` ones.
import type { ScoredModels } from '../scoring/scoreModels';
import { primaryModel } from '../scoring/siteModels';
import { stageFor, type StageEntry } from '../scoring/stageFor';
import { stageDelivery } from '../webhook/stageDelivery';
import type { LeadState, ScoringState } from './objectState';
import type { StateStore } from './StateStore';

/** Stage moves a lead keeps; older ones go first (the current stage is the last). */
export const MAX_STAGE_HISTORY = 50;
/** Deliveries a lead keeps at most (as HotWebhooks.ts). */
const MAX_PENDING_WEBHOOKS = 10;

/** The current stage of a lead's history, or null. */
export function currentStage(history: readonly StageEntry[] | undefined): string | null {
  return history?.length ? history[history.length - 1]!.stage : null;
}

/** The stage duties of one lead object. Only identified leads have a stage. */
export class StageBook {
  constructor(private readonly store: StateStore) {}

  /** Moves the lead to the stage its scores reach, if that is a move forward. */
  note(s: ScoringState, scored: ScoredModels, now: number): void {
    const config = this.store.config?.config;
    if (s.kind !== 'lead' || !config?.stages?.length) return;
    const next = stageFor(config.stages, s.stages ?? [], scored, true, primaryModel(config));
    if (next !== null) this.move(s, next, 'rules', scored, now);
  }

  /** Sets the stage by the marketer API; false when it is the current one already (nothing changes). */
  set(stage: string, scored: ScoredModels, now: number): boolean {
    const s = this.store.state;
    if (s?.kind !== 'lead' || currentStage(s.stages) === stage) return false;
    this.move(s, stage, 'api', scored, now);
    return true;
  }

  private move(s: LeadState, stage: string, by: StageEntry['by'], scored: ScoredModels, now: number): void {
    const from = currentStage(s.stages);
    const stages = [...(s.stages ?? []), { stage, at: now, by }].slice(-MAX_STAGE_HISTORY);
    const owed = this.store.config?.config.webhook ? [stageDelivery({ site: s.site, lead: s.id, stage, from, by, score: scored.score, band: scored.band }, now)] : [];
    const webhooks = [...(s.webhooks ?? []), ...owed].slice(-MAX_PENDING_WEBHOOKS);
    this.store.save({ ...s, stages, webhooks: webhooks.length ? webhooks : undefined });
  }
}
