// A lead's traits with their provenance (issue 11): traits given with `identify` come from the browser
// and are noted as such; a trait set through the marketer API (`api`, for the coming traits route) is
// never overwritten by one from the browser.
import type { StoredEvent, TraitValue } from './storedEvent';

/** Where a trait's current value came from. */
export type TraitSource = 'browser' | 'api';

/** A lead's traits and, per name, where its value came from (a name without a source came from the browser). */
export interface Traits {
  traits: Record<string, TraitValue>;
  traitSources?: Record<string, TraitSource>;
}

/**
 * `current` updated with the traits of the identifies among `events`, in order: a browser trait replaces a
 * browser trait, never an API one. New names stop at `max`, so that no client can grow the state at will.
 */
export function mergeBrowserTraits(current: Traits, events: readonly StoredEvent[], max: number): Required<Traits> {
  // Maps, turned into objects at the end: a trait named `__proto__` stays a trait (Object.fromEntries
  // defines own properties; assigning would set the prototype).
  const traits = new Map(Object.entries(current.traits));
  const sources = new Map<string, TraitSource>(Object.entries(current.traitSources ?? {}));
  for (const e of events) {
    if (e.type !== 'identify' || !e.traits) continue;
    for (const [name, value] of Object.entries(e.traits)) {
      if (sources.get(name) === 'api' || (!traits.has(name) && traits.size >= max)) continue;
      traits.set(name, value);
      sources.set(name, 'browser');
    }
  }
  return { traits: Object.fromEntries(traits), traitSources: Object.fromEntries(sources) };
}

/**
 * `current` with the marketer API's `patch` applied (issue 13, `PATCH /v1/leads/:id/traits`): a value sets the
 * trait as an API one, null removes it. Refused, changing nothing, when the lead would hold more than `max` names.
 */
export function applyApiTraits(current: Traits, patch: Readonly<Record<string, TraitValue>>, max: number): Required<Traits> | { error: string } {
  const traits = new Map(Object.entries(current.traits));
  const sources = new Map<string, TraitSource>(Object.entries(current.traitSources ?? {}));
  for (const [name, value] of Object.entries(patch)) {
    if (value === null) {
      traits.delete(name);
      sources.delete(name);
    } else {
      traits.set(name, value);
      sources.set(name, 'api');
    }
  }
  if (traits.size > max) return { error: `traits: the lead would have ${traits.size} traits; at most ${max} (remove some with null)` };
  return { traits: Object.fromEntries(traits), traitSources: Object.fromEntries(sources) };
}
