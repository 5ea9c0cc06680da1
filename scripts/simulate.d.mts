// Types of scripts/simulate.mjs for the TypeScript end-to-end tests.

/** One simulated visitor: what it did, its true chance to win, and what happened. */
export interface SimVisitor {
  visitor: string;
  lead: string;
  signals: { pricing: boolean; webinar: boolean; careers: boolean; brochure: boolean };
  /** The true probability of winning under the model. */
  p: number;
  won: boolean;
  lost: boolean;
  outcomeAt: number;
}

/** The known model: intercept, weights on the log-odds, and how common each signal is. */
export const MODEL: { intercept: number; weights: Record<string, number>; prevalence: Record<string, number> };

/** The simulated site's configuration. */
export const SIM_CONFIG: Record<string, unknown> & { rules: { id: string; points: number }[] };

/** The visitors of a run (deterministic for a seed). */
export function makeVisitors(count: number, seed: number, now: number): SimVisitor[];

/** Runs the simulation against a running collector and returns the visitors with their truth. */
export function simulate(opts: { origin: string; token: string; site?: string; visitors?: number; seed?: number; concurrency?: number; log?: (line: string) => void }): Promise<{
  people: SimVisitor[];
  results: { recorded: number; duplicate: number; unknownLead: number; invalid: number };
}>;

/** A printable summary of insights. */
export function summary(insights: unknown): string;
