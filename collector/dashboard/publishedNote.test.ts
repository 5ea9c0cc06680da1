import { describe, expect, it } from 'vitest';
import { publishedNote } from './publishedNote';

const now = Date.parse('2026-03-10T12:00:00Z');

describe('publishedNote', () => {
  it('says the list shows this score when it does', () => {
    expect(publishedNote({ score: 85, band: 'hot', published: { score: 85, band: 'hot', at: '2026-03-10T11:58:00Z' }, publishDue: null }, now)).toBe('The list shows this score (published 2 min ago).');
  });

  it('says what the list shows instead, and in how many seconds it catches up', () => {
    expect(publishedNote({ score: 85, band: 'hot', published: { score: 100, band: 'hot', at: '2026-03-10T11:59:30Z' }, publishDue: '2026-03-10T12:00:30Z' }, now)).toBe(
      'The list still shows 100 (hot, published just now); it shows 85 in 30 s.',
    );
    expect(publishedNote({ score: 85, band: 'hot', published: { score: 100, band: 'hot', at: '2026-03-10T11:59:00Z' }, publishDue: '2026-03-10T11:59:59Z' }, now)).toMatch(/it shows 85 any moment now\.$/);
  });

  it('says when nothing is scheduled, and when the lead was never published', () => {
    expect(publishedNote({ score: 41, band: 'warm', published: { score: 42, band: 'warm', at: '2026-03-09T12:00:00Z' }, publishDue: null }, now)).toBe(
      "The list still shows 42 (warm, published 1 d ago); it catches up with this lead's next activity.",
    );
    expect(publishedNote({ score: 0, band: 'cold', published: null, publishDue: null }, now)).toBe('Not in the list yet.');
  });
});
