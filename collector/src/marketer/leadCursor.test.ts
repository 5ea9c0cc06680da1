import { describe, expect, it } from 'vitest';
import { ApiError } from '../errors';
import { decodeCursor, encodeCursor } from './leadCursor';

describe('lead cursor', () => {
  it('round-trips a position as a URL-safe token', () => {
    const at = { score: 87, name: 'demo/l/AbC-_xyz+/=' };
    const token = encodeCursor(at);
    expect(token).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(token)).toEqual(at);
  });

  it('refuses anything it did not make with a 400', () => {
    for (const bad of ['x', '!!!', btoa('{}'), btoa('[1]'), btoa('["a","b"]'), btoa(JSON.stringify([1.5, 'n'])), btoa(JSON.stringify([1, 'n'.repeat(300)]))]) {
      expect(() => decodeCursor(bad)).toThrow(ApiError);
      try {
        decodeCursor(bad);
      } catch (e) {
        expect((e as ApiError).status).toBe(400);
      }
    }
  });
});
