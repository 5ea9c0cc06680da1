// Lifecycle stages move a lead forward only, past the furthest stage it has been in (issue 13).
import { describe, expect, it } from 'vitest';
import type { StageConfig } from '../site/modelsSchema';
import type { ScoredModels } from './scoreModels';
import { stageFor } from './stageFor';

const STAGES: StageConfig[] = [
  { id: 'subscriber', when: { identified: true } },
  { id: 'lead', when: { model: 'default', score: 20 } },
  { id: 'mql', when: [{ model: 'default', band: 'warm' }, { model: 'fit', grade: 'B' }] },
  { id: 'sql' },
  { id: 'customer' },
];
const scored = (score: number, fit: 'A' | 'B' | 'C' | 'D'): ScoredModels => ({
  score,
  band: score >= 40 ? 'warm' : 'cold',
  raw: score,
  contributions: [],
  grade: null,
  models: [
    { id: 'default', kind: 'engagement', score, band: score >= 40 ? 'warm' : 'cold', grade: null, raw: score, contributions: [] },
    { id: 'fit', kind: 'fit', score: 0, band: 'cold', grade: fit, raw: 0, contributions: [] },
  ],
});
const at = (stage: string, by: 'rules' | 'api' = 'rules') => ({ stage, at: 0, by });

describe('stageFor', () => {
  it('moves to the furthest stage whose conditions all hold', () => {
    expect(stageFor(STAGES, [], scored(0, 'D'), true, 'default')).toBe('subscriber');
    expect(stageFor(STAGES, [at('subscriber')], scored(25, 'A'), true, 'default')).toBe('lead');
    expect(stageFor(STAGES, [at('subscriber')], scored(45, 'C'), true, 'default')).toBe('lead');
    expect(stageFor(STAGES, [at('subscriber')], scored(45, 'B'), true, 'default')).toBe('mql');
  });
  it('never moves back, and no rule reaches a stage without conditions', () => {
    expect(stageFor(STAGES, [at('subscriber'), at('mql')], scored(0, 'D'), true, 'default')).toBeNull();
    expect(stageFor(STAGES, [at('mql')], scored(100, 'A'), true, 'default')).toBeNull();
  });
  it('keeps an earlier stage the marketer set while no stage beyond the furthest reached holds', () => {
    expect(stageFor(STAGES, [at('mql'), at('lead', 'api')], scored(100, 'A'), true, 'default')).toBeNull();
  });
  it('forgets stages the configuration no longer has', () => {
    expect(stageFor(STAGES, [at('gone')], scored(45, 'A'), true, 'default')).toBe('mql');
  });
  it('needs an identified lead for identified: true', () => {
    expect(stageFor(STAGES, [], scored(0, 'D'), false, 'default')).toBeNull();
  });
});
