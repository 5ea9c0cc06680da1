// Personalization: the band's class on <html>, cached for the head snippet of the next page.
import { store } from './storage';

/** The three bands. */
export type Band = 'cold' | 'warm' | 'hot';

/** Sets `lp-<band>` on <html> (removing the other two) and caches the band. */
export const applyBand = (band: Band): void => {
  const list = document.documentElement.classList;
  list.remove('lp-cold', 'lp-warm', 'lp-hot');
  list.add('lp-' + band);
  store('lp_band', band);
};
