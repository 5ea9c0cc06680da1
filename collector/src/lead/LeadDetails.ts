// What a lead object tells the marketer API about its lead (`GET /v1/leads/:id`).
import type { ScoreResult } from '../scoring/scoreLead';
import type { StoredEvent, TraitValue } from './storedEvent';

/** A lead as `GET /v1/leads/:id` shows it: fresh score, explanation and recent history. */
export interface LeadDetails extends ScoreResult {
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
}
