// What a lead object tells the marketer API about its lead (`GET /v1/leads/:id`).
import type { ScoredModels } from '../scoring/scoreModels';
import type { StageEntry } from '../scoring/stageFor';
import type { StoredEvent, TraitValue } from './storedEvent';

/** A lead as `GET /v1/leads/:id` shows it: fresh score, explanation and recent history. */
export interface LeadDetails extends ScoredModels {
  /** The object's name (leadName.ts). */
  name: string;
  id: string;
  identified: boolean;
  /** The most recent events, newest first. */
  events: StoredEvent[];
  eventCount: number;
  /** The first visitors (at most 100), in the order they came. */
  visitors: string[];
  visitorCount: number;
  traits: Record<string, TraitValue>;
  firstSeen: number;
  lastSeen: number;
  /** Lifecycle stage moves, oldest first (identified leads of a site with stages). */
  stages: StageEntry[];
}
