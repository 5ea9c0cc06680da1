import { afterEach, expect, it, vi } from 'vitest';
import { session } from './session';

afterEach(() => {
  vi.unstubAllGlobals();
  sessionStorage.clear();
  localStorage.clear();
});

it('keeps values in session storage only, and forgets one set to null', () => {
  session.set('leadpulse.token', 't0k3n');
  expect([session.get('leadpulse.token'), sessionStorage.getItem('leadpulse.token'), localStorage.length]).toEqual(['t0k3n', 't0k3n', 0]);
  session.set('leadpulse.token', null);
  expect(session.get('leadpulse.token')).toBeNull();
});

it('reads null and writes nothing, without throwing, where storage is unavailable', () => {
  const deny = () => {
    throw new DOMException('denied', 'SecurityError');
  };
  vi.stubGlobal('sessionStorage', { getItem: deny, setItem: deny, removeItem: deny });
  expect(() => session.set('leadpulse.site', 'demo')).not.toThrow();
  expect(() => session.set('leadpulse.site', null)).not.toThrow();
  expect(session.get('leadpulse.site')).toBeNull();
});
