// The models table and stage line of a lead's details, and the model tags of a list row (issue 13).
import { describe, expect, it } from 'vitest';
import { modelsSection } from './modelsSection';
import { modelTags } from './modelTags';

describe('modelsSection', () => {
  it('shows nothing for a site with one model and no stages', () => {
    expect(modelsSection({ models: [{ id: 'default', kind: 'engagement', primary: true, score: 10, band: 'cold', grade: null, raw: 10, contributions: [] }], stage: null, stageHistory: [] })).toEqual([]);
  });

  it('lists every model with its grade and the rules that scored, and the stage with its history', () => {
    const [stage, table] = modelsSection({
      stage: 'mql',
      stageHistory: [
        { stage: 'lead', at: '2026-03-10T11:00:00Z', by: 'rules' },
        { stage: 'mql', at: '2026-03-10T12:00:00Z', by: 'api' },
      ],
      models: [
        { id: 'default', kind: 'engagement', primary: true, score: 45, band: 'warm', grade: null, raw: 45, contributions: [{ rule: 'pricing', label: 'Pricing page', points: 45, count: 3 }] },
        { id: 'fit', kind: 'fit', label: 'Company fit', primary: false, score: 80, band: 'hot', grade: 'A', raw: 80, contributions: [{ rule: 'size', points: 80, count: 1 }, { rule: 'free', points: 0, count: 0 }] },
      ],
    });
    expect(stage!.textContent).toContain('Stage: mql');
    expect(stage!.textContent).toContain('set by hand');
    const rows = [...table!.querySelectorAll('tbody tr')].map((r) => [...r.children].map((c) => c.textContent));
    expect(rows).toEqual([
      ['defaultprimary', '45', 'warm', '–', 'Pricing page +45'],
      ['Company fitfit', '80', 'hot', 'A', 'size +80'],
    ]);
  });

  it('tags a list row with grade, stage and each other model', () => {
    expect(modelTags({ id: 'a', score: 1, band: 'cold', lastSeen: '', identified: true, grade: 'B', stage: 'mql', models: { billing: { score: 60, band: 'hot', grade: null } } }).map((t) => t.textContent)).toEqual(['grade B', 'mql', 'billing 60']);
    expect(modelTags({ id: 'a', score: 1, band: 'cold', lastSeen: '', identified: true, models: {} })).toEqual([]);
  });
});
