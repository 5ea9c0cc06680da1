// `leadpulse/react`: the visitor's score and band in React components. One subscription to the SDK's `onScore`
// serves every component. On the server, and in the first render of a hydrating page, it reads cold (what a
// first-time visitor reads), so the server's HTML and the hydrated page agree; the cached band follows at once.
import { useSyncExternalStore } from 'react';
import { onScore } from './index.js';
import type { Score } from './types.js';

/** Before any score: a first-time visitor's, as the SDK's own `onScore` reports it. */
const COLD: Score = { score: 0, band: 'cold' };
let current = COLD;
const listeners = new Set<() => void>();
let subscribed = false;

const subscribe = (listener: () => void): (() => void) => {
  listeners.add(listener);
  // Once for the page: the SDK keeps its listeners for the page's lifetime, a component comes and goes.
  if (!subscribed) {
    subscribed = true;
    onScore(({ score, band }) => {
      // A reply that changes nothing keeps the same object, so components do not render again for it.
      if (score == current.score && band == current.band) return;
      current = { score, band };
      for (const notify of listeners) notify();
    });
  }
  return () => void listeners.delete(listener);
};

/**
 * The visitor's `{score, band}`: the cached one once `init` has run, then every fresh one the collector sends.
 * `{score: 0, band: 'cold'}` before that and on the server. For calls to action that must not flicker, mark them
 * with `data-lp-show` as well (the head snippet picks them before first paint); this hook is for logic.
 */
export function useLeadScore(): Score {
  return useSyncExternalStore(subscribe, () => current, () => COLD);
}
