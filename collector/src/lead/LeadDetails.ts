// What a lead object tells the marketer API about its lead (`GET /v1/leads/:id`).
import type { Band } from '../scoring/scoreLead';
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
  /** What the list shows for the lead (its index row) and since when; null when never listed. */
  published: { score: number; band: Band; at: number } | null;
  /** When the list will show the fresh score (listCatchUp.ts); null when it does. */
  publishDue: number | null;
  /** Lifecycle stage moves, oldest first (identified leads of a site with stages). */
  stages: StageEntry[];
}
