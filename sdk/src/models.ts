// The personalization-by-model add-on (`/lp-models.js`, issue 13): shows `data-lp-show="billing:hot"` elements
// by the visitor's band in each of the site's other models. A page loads it after lp.js
// (`<script defer src="…/lp-models.js"></script>`); the core, held to its byte budget, knows nothing of it: the
// add-on listens with `lp('score', cb)`, whose fresh replies carry `models`, and keeps the last bands in
// `lp_m` so that the next page shows the right elements as soon as it runs.
import { applyModels } from './applyModels.js';
import { kv } from './storage.js';
import type { Score } from './types.js';

try {
  (window as unknown as { lp: (...args: unknown[]) => void }).lp('score', (s: Score) => {
    let on = '';
    // The first call, from the core's cache, has no models: the add-on's own cache stands in.
    if (s.models) {
      for (const m in s.models) on += ' ' + m + ':' + s.models[m]!.band;
      kv('lp_m', on);
    } else on = kv('lp_m') || '';
    applyModels(on);
  });
} catch {
  /* never into the host page (no head snippet and no lp.js: nothing to do) */
}
