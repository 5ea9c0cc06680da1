// Several models per lead: engagement models scoped by path, fit models on traits with grades, labels, and the
// primary model as the lead's score (pure functions; issue 13).
import { describe, expect, it } from 'vitest';
import { siteConfigSchema, type SiteConfig } from '../site/siteConfigSchema';
import { matchesFit } from './fitRule';
import type { ScoredEvent } from './scoreLead';
import { scoreModels } from './scoreModels';

const NOW = Date.UTC(2026, 5, 1);
const DAY = 86_400_000;
const config = (extra: Record<string, unknown> = {}): SiteConfig =>
  siteConfigSchema.parse({
    rules: [{ id: 'pricing', label: 'Pricing page', when: { type: 'pageview', path: '/pricing*' }, points: 10, max: 30 }],
    halfLifeDays: 30,
    bands: { warm: 40, hot: 80 },
    models: [
      { id: 'billing', rules: [{ id: 'billing-pages', when: { type: 'pageview', path: '/billing{/*}?' }, points: 30, max: 90 }], bands: { warm: 30, hot: 60 } },
      { id: 'analytics', rules: [{ id: 'analytics-pages', when: { type: 'pageview', path: '/analytics{/*}?' }, points: 30 }] },
      {
        id: 'fit',
        kind: 'fit',
        label: 'Company fit',
        rules: [
          { id: 'size', label: 'Company of 50 or more', when: { trait: 'company_size', gte: 50 }, points: 40 },
          { id: 'role', when: { trait: 'role', in: ['CTO', 'VP Engineering'] }, points: 40 },
          { id: 'free-mail', when: { freeEmail: true }, points: -30 },
          { id: 'partner', when: { emailDomain: ['*.partner.example'] }, points: 20 },
        ],
        grades: { A: 80, B: 60, C: 30 },
      },
    ],
    ...extra,
  });
const pv = (path: string, ts = NOW): ScoredEvent => ({ type: 'pageview', path, ts });
const byId = (r: ReturnType<typeof scoreModels>) => Object.fromEntries(r.models.map((m) => [m.id, m]));

describe('scoreModels', () => {
  it('gives each product its own score from the rules scoped to its pages', () => {
    const r = byId(scoreModels([pv('/billing'), pv('/billing/plans'), pv('/analytics'), pv('/pricing')], config(), NOW, { id: '', traits: {} }));
    expect([r.default!.score, r.billing!.score, r.analytics!.score]).toEqual([10, 60, 30]);
    expect([r.billing!.band, r.analytics!.band]).toEqual(['hot', 'cold']);
  });

  it('keeps the top-level rules as model default, the primary one, whose score is the lead’s', () => {
    const r = scoreModels([pv('/pricing'), pv('/billing')], config(), NOW, { id: '', traits: {} });
    expect(r.models.map((m) => m.id)).toEqual(['default', 'billing', 'analytics', 'fit']);
    expect({ score: r.score, band: r.band }).toEqual({ score: 10, band: 'cold' });
    expect(r.contributions).toEqual([{ rule: 'pricing', label: 'Pricing page', points: 10, count: 1 }]);
  });

  it('makes another model primary when the configuration says so', () => {
    const r = scoreModels([pv('/pricing'), pv('/billing')], config({ primary: 'billing' }), NOW, { id: '', traits: {} });
    expect({ score: r.score, band: r.band }).toEqual({ score: 30, band: 'warm' });
  });

  it('scores fit on traits, without decay, with a grade; contributions add up to the score', () => {
    const subject = { id: 'ana@acme.example', traits: { company_size: '120', role: 'cto' } };
    const now = byId(scoreModels([], config(), NOW, subject)).fit!;
    expect(now).toMatchObject({ score: 80, grade: 'A', label: 'Company fit', kind: 'fit' });
    expect(now.contributions.reduce((s, c) => s + c.points, 0)).toBe(now.raw);
    expect(now.contributions.find((c) => c.rule === 'size')).toEqual({ rule: 'size', label: 'Company of 50 or more', points: 40, count: 1 });
    // A year later: traits do not fade.
    expect(byId(scoreModels([], config(), NOW + 365 * DAY, subject)).fit!.score).toBe(80);
  });

  it('grades down a free-mail address and up a partner domain', () => {
    const fit = (id: string, traits: Record<string, string | number> = {}) => byId(scoreModels([], config(), NOW, { id, traits })).fit!;
    expect(fit('ana@gmail.com', { company_size: 60, role: 'VP Engineering' })).toMatchObject({ score: 50, grade: 'C' });
    expect(fit('crm-42', { email: 'Bo@EU.Partner.Example', company_size: 10 })).toMatchObject({ score: 20, grade: 'D' });
    expect(fit('crm-43')).toMatchObject({ score: 0, grade: 'D' });
  });
});

describe('matchesFit', () => {
  const s = (traits: Record<string, string | number | boolean | null>, id = '') => ({ id, traits });
  it('compares numbers, numeric strings and bounds', () => {
    expect(matchesFit({ trait: 'n', gte: 50, lt: 200 }, s({ n: 50 }))).toBe(true);
    expect(matchesFit({ trait: 'n', gte: 50, lt: 200 }, s({ n: ' 199.5 ' }))).toBe(true);
    expect(matchesFit({ trait: 'n', gte: 50, lt: 200 }, s({ n: 200 }))).toBe(false);
    expect(matchesFit({ trait: 'n', gt: 1 }, s({ n: '50-199' }))).toBe(false);
    expect(matchesFit({ trait: 'n', gt: 1 }, s({}))).toBe(false);
  });
  it('tests equality without regard to case, membership and presence', () => {
    expect(matchesFit({ trait: 'role', eq: 'CTO' }, s({ role: ' cto ' }))).toBe(true);
    expect(matchesFit({ trait: 'role', in: ['a', 'b'] }, s({ role: 'c' }))).toBe(false);
    expect(matchesFit({ trait: 'budget', exists: true }, s({ budget: null }))).toBe(false);
    expect(matchesFit({ trait: 'budget', exists: false }, s({}))).toBe(true);
    expect(matchesFit({ trait: 'trial', eq: true }, s({ trial: true }))).toBe(true);
    // An inherited property is not a trait.
    expect(matchesFit({ trait: 'constructor', exists: true }, s({}))).toBe(false);
  });
  it('reads the domain of the lead id, else of the trait email', () => {
    expect(matchesFit({ emailDomain: ['acme.example'] }, s({}, 'x@ACME.example'))).toBe(true);
    expect(matchesFit({ emailDomain: ['acme.example'] }, s({ email: 'x@acme.example' }, 'crm-1'))).toBe(true);
    expect(matchesFit({ emailDomain: ['*.acme.example'] }, s({}, 'x@acme.example'))).toBe(false);
    expect(matchesFit({ freeEmail: false }, s({}, 'crm-1'))).toBe(false);
    expect(matchesFit({ freeEmail: false }, s({}, 'x@acme.example'))).toBe(true);
  });
});
