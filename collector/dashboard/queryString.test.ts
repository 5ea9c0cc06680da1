import { expect, it } from 'vitest';
import { queryString } from './queryString';

it('encodes keys and values and leaves out empty, null and undefined ones', () => {
  expect(queryString({ site: 'demo', band: '', limit: 20, cursor: null, kind: undefined })).toBe('site=demo&limit=20');
  expect(queryString({ 'a b': 'x&y=z', id: 'ana@example.com' })).toBe('a%20b=x%26y%3Dz&id=ana%40example.com');
  expect(queryString({ n: 0 })).toBe('n=0');
});
