// Personalization: the band's class on <html>; the head snippet's CSS shows the matching calls to action.
import type { Band } from './types.js';

/** Sets `lp-<band>` on <html> and removes the other two (toggle leaves a class that is right untouched). */
export const applyBand = (band: Band): void => {
  for (const b of ['cold', 'warm', 'hot']) document.documentElement.classList.toggle('lp-' + b, b == band);
};
