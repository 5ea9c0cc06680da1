import { expect, it } from 'vitest';
import { rateVital } from './rateVital';

it('rates by the Core Web Vitals thresholds, a value on a bound taking the better rating', () => {
  expect([2500, 2501, 4000, 4001].map((v) => rateVital('lcp', v))).toEqual(['good', 'fair', 'fair', 'poor']);
  expect([200, 201, 500, 501].map((v) => rateVital('inp', v))).toEqual(['good', 'fair', 'fair', 'poor']);
  expect([0.1, 0.11, 0.25, 0.26].map((v) => rateVital('cls', v))).toEqual(['good', 'fair', 'fair', 'poor']);
});
