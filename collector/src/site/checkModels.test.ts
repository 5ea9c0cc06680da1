// Configurations with several models, fit rules, grades and stages (issue 13): accepted as documented, and
// every refusal names the field. A refused PUT stores nothing (routes/models.test.ts).
import { describe, expect, it } from 'vitest';
import demoConfig from './demoConfig.json';
import { parseSiteConfig } from './siteConfigSchema';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Config = Record<string, any>;
const valid = (): Config => ({
  ...structuredClone(demoConfig),
  models: [
    { id: 'billing', label: 'Billing', rules: [{ id: 'billing-pages', label: 'Billing pages', when: { type: 'pageview', path: '/billing{/*}?' }, points: 20, max: 60 }], bands: { warm: 20, hot: 40 } },
    {
      id: 'fit',
      kind: 'fit',
      rules: [
        { id: 'size', when: { trait: 'company_size', gte: 50 }, points: 40 },
        { id: 'role', when: { trait: 'role', in: ['CTO', 'CEO'] }, points: 30 },
        { id: 'budget', when: { trait: 'budget', exists: true }, points: 10 },
        { id: 'free', when: { freeEmail: true }, points: -30 },
        { id: 'competitor', when: { emailDomain: ['rival.example', '*.rival.example'] }, points: -100 },
      ],
      grades: { A: 70, B: 50, C: 30 },
    },
  ],
  primary: 'default',
  stages: [
    { id: 'subscriber', label: 'Subscriber', when: { identified: true } },
    { id: 'mql', when: [{ model: 'default', score: 40 }, { model: 'fit', grade: 'B' }] },
    { id: 'billing-pql', when: { model: 'billing', band: 'hot' } },
    { id: 'sql' },
  ],
});

describe('parseSiteConfig with models and stages', () => {
  it('accepts models, fit rules, grades, labels and stages', () => {
    const r = parseSiteConfig(valid());
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.config.models!.map((m) => m.id)).toEqual(['billing', 'fit']);
  });

  it('keeps a configuration without models as it was (one model, default)', () => {
    const r = parseSiteConfig(demoConfig);
    expect(r).toMatchObject({ ok: true });
    if (r.ok) expect(r.config.models).toBeUndefined();
  });

  const cases: [string, (c: Config) => void, string][] = [
    ['a duplicate model id', (c) => (c.models[1].id = 'billing'), "models[1].id: duplicate model id 'billing'"],
    ['a model named default', (c) => (c.models[0].id = 'default'), "models[0].id: 'default' is the model of the top-level rules; choose another id"],
    ['a model id with a colon', (c) => (c.models[0].id = 'bill:ing'), 'models[0].id: must be 1 to 32 characters of [a-z0-9_-], starting with a letter'],
    ['an unknown primary', (c) => (c.primary = 'sales'), "primary: unknown model 'sales'; one of default, billing, fit"],
    ['an unknown model in a stage', (c) => (c.stages[2].when.model = 'biling'), "stages[2].when.model: unknown model 'biling'; one of default, billing, fit"],
    ['an unknown model in a list of conditions', (c) => (c.stages[1].when[1].model = 'fitt'), "stages[1].when[1].model: unknown model 'fitt'; one of default, billing, fit"],
    ['a duplicate stage id', (c) => (c.stages[3].id = 'mql'), "stages[3].id: duplicate stage id 'mql'"],
    ['a duplicate rule id in a model', (c) => (c.models[1].rules[1].id = 'size'), "models[1].rules[1].id: duplicate rule id 'size'"],
    ['grades out of order', (c) => (c.models[1].grades = { A: 50, B: 60, C: 30 }), 'models[1].grades.B: must not be above grades.A'],
    ['a grade C the rules cannot reach', (c) => (c.models[1].grades = { A: 95, B: 90, C: 85 }), "models[1].grades.C: unsatisfiable: the model's rules add at most 80 points"],
    ['a stage score a capped model cannot reach', (c) => (c.stages[2].when = { model: 'billing', score: 70 }), "stages[2].when.score: unsatisfiable: model 'billing' reaches at most 60"],
    ['a stage band above what the model reaches', (c) => (c.models[0].bands = { warm: 20, hot: 65 }), "stages[2].when.band: unsatisfiable: model 'billing' reaches at most 60, below its hot threshold 65"],
    ['a grade on a model without grades', (c) => (c.stages[2].when = { model: 'billing', grade: 'A' }), "stages[2].when.grade: model 'billing' has no grades (a fit model, or one with grades, has)"],
    ['a condition naming a model and nothing to test', (c) => (c.stages[2].when = { model: 'billing' }), 'stages[2].when.model: needs score, band or grade'],
    ['a numeric comparison with a string', (c) => (c.models[1].rules[0].when.gte = '50'), 'models[1].rules[0].when.gte: must be a number'],
    ['a set membership that is not a list', (c) => (c.models[1].rules[1].when.in = 'CTO'), 'models[1].rules[1].when.in: Invalid input: expected array, received string'],
    ['a presence test that is not true/false', (c) => (c.models[1].rules[2].when.exists = 'yes'), 'models[1].rules[2].when.exists: must be true or false'],
    ['an equality with an object', (c) => (c.models[1].rules[1].when = { trait: 'role', eq: { x: 1 } }), 'models[1].rules[1].when.eq: must be a string, a number or true/false'],
    ['two tests that cannot both hold', (c) => (c.models[1].rules[0].when = { trait: 'company_size', gte: 100, lt: 50 }), 'models[1].rules[0].when.gte: unsatisfiable: no number is within both bounds'],
    ['a trait rule without a test', (c) => (c.models[1].rules[0].when = { trait: 'company_size' }), 'models[1].rules[0].when.trait: needs a test: eq, in, gte, gt, lte, lt or exists'],
    ['an upper-case e-mail domain', (c) => (c.models[1].rules[4].when.emailDomain = ['Rival.example']), 'models[1].rules[4].when.emailDomain[0]: must be a lower-case domain like example.com, or *.example.com for its subdomains'],
    ['an event rule in a fit model', (c) => c.models[1].rules.push({ id: 'x', when: { type: 'visit' }, points: 1 }), "models[1].rules[5].when.type: event rules belong in an engagement model; a fit model's rules match trait, emailDomain or freeEmail"],
    ['a trait rule in an engagement model', (c) => c.models[0].rules.push({ id: 'x', when: { trait: 'role', eq: 'CTO' }, points: 1 }), "models[0].rules[1].when.trait: trait rules belong in a model of kind 'fit'"],
    ['decay on a fit model', (c) => (c.models[1].halfLifeDays = 30), 'models[1].halfLifeDays: a fit model does not decay: who the lead is does not fade with time'],
    ['a max on a fit rule', (c) => (c.models[1].rules[0].max = 10), 'models[1].rules[0].max: unknown field'],
    ['a misspelt field in a model’s engagement rule', (c) => (c.models[0].rules[0].when.pth = '/x'), 'models[0].rules[0].when.pth: unknown field'],
    ['an unknown kind', (c) => (c.models[1].kind = 'firmographic'), "models[1].kind: must be 'engagement' or 'fit'"],
    ['an empty label', (c) => (c.rules[0].label = ' '), 'rules[0].label: must not be empty'],
  ];
  for (const [what, change, message] of cases) {
    it(`refuses ${what}: ${message}`, () => {
      const c = valid();
      change(c);
      expect(parseSiteConfig(c)).toEqual({ ok: false, message });
    });
  }
});
