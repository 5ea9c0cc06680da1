// What a lead object remembers besides its events, as one of three lives: an anonymous visitor's own
// history and score; a visitor linked to an identified lead, which forwards its events there; and an
// identified lead, which holds the history of all its visitors.
import type { Band } from '../scoring/scoreLead';
import type { StageEntry } from '../scoring/stageFor';
import type { IndexExtras } from './indexExtras';
import type { LeadReport } from '../insights/InsightsStore';
import type { VitalsSample } from '../site/vitalsSamples';
import type { PendingWebhook } from '../webhook/hotDelivery';
import type { LeadBudget } from './leadBudget';
import type { TraitSource } from './mergeTraits';
import type { Published } from './publishDecision';
import type { TraitValue } from './storedEvent';

/** An identified lead as a visitor knows it: its object name and the lead id given to identify. */
export interface LeadRef {
  name: string;
  id: string;
}

/** What the site's lead index was last told about an object that scores. */
export interface Indexed {
  score: number;
  band: Band;
  lastSeen: number;
  rev: number;
  at: number;
  /** Grade, stage and other models' scores the row shows (issue 13); absent while there are none. */
  extras?: IndexExtras;
}

interface Common {
  /** The object's name: `site/v/<visitor>` or `site/l/<keyed hash>` (leadName.ts). */
  name: string;
  site: string;
  /** The visitor id, or the lead id given to identify. */
  id: string;
  firstSeen: number;
  lastSeen: number;
  /** `lead.hot` deliveries still to make, retried by the alarm (SPEC.md §6). */
  webhooks?: PendingWebhook[];
  /** Web vitals of this object's visitor not yet handed to the site's index (they ride with its next write). */
  vitals?: VitalsSample[];
  /** What insights have not been told yet (InsightsReporter.ts); it rides with the next index write too. */
  notes?: LeadReport;
  /** When pending vitals and notes go by themselves if no index write took them first. */
  handOverDue?: number;
}

/** The bookkeeping of an object that scores: what KV and the index were told, decay and the hot flag. */
export interface Scoring {
  published?: Published;
  publishPending?: boolean;
  /** KV writes of this object's score so far; each write also carries it as metadata `writes`. */
  writes?: number;
  indexed?: Indexed;
  /** When the daily decay check is due; absent when decay cannot change the band. */
  decayAt?: number;
  /** Whether the lead was hot when last scored: the webhook fires on a rise to hot, once per crossing. */
  hot?: boolean;
  /** Events taken from the per-lead budget in the current clock minute (leadBudget.ts). */
  budget?: LeadBudget;
  /** The signal keys insights were told of (at most MAX_KEYS_PER_LEAD) and the last day told active. */
  reported?: { keys: string[]; day: number };
}

/** A visitor never identified: it scores its own history. */
export interface AnonymousState extends Common, Scoring {
  kind: 'anonymous';
  /** When its next expiry check is due, if it has not scored (alarmPlan.ts: expiryCheck). */
  expiryCheck?: number;
}

/** A visitor identified as a lead: its events go to `lead`; its own history, until moved, to `mergeTo`. */
export interface LinkedState extends Common {
  kind: 'linked';
  lead: LeadRef;
  /** The lead of its first identify, which its own history still has to move to. */
  mergeTo?: LeadRef;
  /** Where its event ids went, oldest first: the id and the index in `dests` of its lead (RouteBook.ts). */
  routes?: [string, number][];
  /** The lead objects its events went to ('' for an erased one). */
  dests?: string[];
}

/** An identified lead: the history of all its visitors, its traits and its score. */
export interface LeadState extends Common, Scoring {
  kind: 'lead';
  traits: Record<string, TraitValue>;
  /** Where each trait came from (mergeTraits.ts): a browser trait never replaces one the marketer API set. */
  traitSources?: Record<string, TraitSource>;
  /** Its lifecycle stage moves, oldest first; the last is the current stage (StageBook.ts). */
  stages?: StageEntry[];
}

/** The state of a lead object. */
export type ObjectState = AnonymousState | LinkedState | LeadState;
/** The state of an object that scores and publishes (not a linked visitor). */
export type ScoringState = AnonymousState | LeadState;

/** Whether the object scores here (an anonymous visitor or a lead), rather than forwarding. */
export function scoresHere(s: ObjectState | null): s is ScoringState {
  return s !== null && s.kind !== 'linked';
}
