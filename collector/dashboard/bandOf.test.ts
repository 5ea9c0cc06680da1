import { expect, it } from 'vitest';
import { bandOf } from './bandOf';

it('puts each threshold in the higher band', () => {
  const bands = { warm: 40, hot: 80 };
  expect([0, 39, 40, 79, 80, 100].map((s) => bandOf(s, bands))).toEqual(['cold', 'cold', 'warm', 'warm', 'hot', 'hot']);
  expect([29, 30, 59, 60].map((s) => bandOf(s, { warm: 30, hot: 60 }))).toEqual(['cold', 'warm', 'warm', 'hot']);
});
