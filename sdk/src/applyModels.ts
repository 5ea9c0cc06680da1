// Personalization by model (issue 13): an element whose `data-lp-show` lists `model:band` tokens
// (`data-lp-show="billing:hot"`) is shown when the visitor's band in one of those models is the one listed.
// The head snippet's CSS hides every `data-lp-show` element that does not list the primary band, so a
// model's element is hidden until the add-on (models.ts) knows the visitor's bands; to show it, the add-on
// appends ` - cold warm hot` to its list, and takes that off again to hide it. No CSS of its own: the head
// snippet has no bytes to spare.

/**
 * Shows the elements listing a `model:band` of `on` (" billing:hot fit:cold") — or `model:cold` for a model
 * `on` does not name — and hides the other model elements.
 */
export const applyModels = (on = ''): void => {
  for (const el of document.querySelectorAll<HTMLElement>('[data-lp-show*=":"]')) {
    // A model id starts with a letter, so ` -` only ever starts what was appended.
    const list = el.dataset.lpShow!.split(' -')[0]!;
    // A model the visitor has no band in yet (no reply, no cache, or a site without it) reads cold, as the
    // primary band does before any score.
    el.dataset.lpShow = list + (list.split(' ').some((t) => (on.includes(' ' + t.split(':')[0] + ':') ? on.includes(' ' + t) : t.endsWith(':cold'))) ? ' - cold warm hot' : '');
  }
};
