// An event as a lead object stores it: the client's fields, its clamped time and the visitor that sent it.
import type { ClientEvent } from '../collectSchema';
import type { ScoredEvent } from '../scoring/scoreLead';
import { clampTs } from '../time';

/** Values of traits and custom-event properties. */
export type TraitValue = string | number | boolean | null;

/** An event as stored: the client's fields plus the visitor that sent it. */
export interface StoredEvent extends ScoredEvent {
  id: string;
  visitor: string;
  title?: string;
  referrer?: string;
  ms?: number;
  lead?: string;
  props?: Record<string, TraitValue>;
  traits?: Record<string, TraitValue>;
  lcp?: number;
  inp?: number;
  cls?: number;
}

/** A client's event as stored, its time clamped to the window of SPEC.md §4. */
export function storedEvent(e: ClientEvent, visitor: string, now: number): StoredEvent {
  return { ...e, ts: clampTs(e.ts, now), visitor } as StoredEvent;
}
