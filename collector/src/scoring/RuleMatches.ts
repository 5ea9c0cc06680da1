// The events each rule of a configuration matches, kept up to date as a lead's events arrive, so that a
// beacon's score does not match the lead's whole history again (up to 1,000 raw events and 2,000
// aggregates, times every rule). Scoring stays the pure function of scoreLead.ts.
import { compileRules, matchesRule } from './compileRules';
import type { Scorable, ScoredEvent } from './scoreLead';

/** Per rule of `config`, the events of `events` it matches, in their order; `add` follows appends. */
export class RuleMatches {
  /** `byRule[i]`: the events rule i matches, as scoreLead's `matched` takes them. */
  readonly byRule: ScoredEvent[][];

  constructor(
    readonly config: Scorable,
    readonly events: readonly ScoredEvent[],
  ) {
    this.byRule = compileRules(config).map((c) => events.filter((e) => matchesRule(c, e)));
  }

  /** Notes `event`, just appended to `events`. */
  add(event: ScoredEvent): void {
    compileRules(this.config).forEach((c, i) => {
      if (matchesRule(c, event)) this.byRule[i]!.push(event);
    });
  }
}
