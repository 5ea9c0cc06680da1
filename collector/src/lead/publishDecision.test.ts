// When a score goes to KV: the pure decision behind the lead object's publishing.
import { describe, expect, it } from 'vitest';
import { publishDecision, PUBLISH_INTERVAL_MS } from './publishDecision';

const T = 1_770_000_000_000;
const pub = { score: 30, band: 'cold' as const, at: T };

describe('publishDecision', () => {
  it('writes nothing for a lead that never scored: unknown visitors read 0/cold', () => {
    expect(publishDecision(undefined, { score: 0, band: 'cold' }, T)).toBe('none');
  });
  it('writes the first score at once', () => {
    expect(publishDecision(undefined, { score: 10, band: 'cold' }, T)).toBe('now');
  });
  it('writes nothing when KV already holds that score', () => {
    expect(publishDecision(pub, { score: 30, band: 'cold' }, T + 10)).toBe('none');
  });
  it('writes a band change at once, even within the minute', () => {
    expect(publishDecision(pub, { score: 40, band: 'warm' }, T + 1)).toBe('now');
    expect(publishDecision(pub, { score: 30, band: 'warm' }, T + 1)).toBe('now');
  });
  it('holds a same-band change back until the minute since the last write ends', () => {
    expect(publishDecision(pub, { score: 35, band: 'cold' }, T + PUBLISH_INTERVAL_MS - 1)).toBe('later');
    expect(publishDecision(pub, { score: 35, band: 'cold' }, T + PUBLISH_INTERVAL_MS)).toBe('now');
  });
});
