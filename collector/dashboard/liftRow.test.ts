import { expect, it, vi } from 'vitest';
import { describeWhen } from './describeWhen';
import { liftRow } from './liftRow';
import type { CandidateInsight, RuleInsight } from './types';

const figures = { leads: 1252, conversions: 321, rate: 0.2564, lift: 1.6, interval: { low: 1.46, high: 1.76 }, suggestedPoints: 14, status: 'ok' as const, reason: null };

it('shows a rule’s figures, its lift interval on the bar and its current and suggested points, and picks it', () => {
  const pick = vi.fn();
  const rule: RuleInsight = { ...figures, rule: 'pricing', when: { type: 'pageview', path: '/pricing*' }, points: 10, max: 30 };
  const row = liftRow(rule, pick);
  expect([...row.cells].map((c) => c.textContent)).toEqual(['pricingpage /pricing*', '1,252', '321', '25.6 %', '1.60×', '10 (max 30)', '14', '']);
  expect(row.querySelector('svg.lift-bar')!.getAttribute('class')).toBe('lift-bar pos');
  const box = row.querySelector('input')!;
  // happy-dom does not turn a click into a change event; Chromium does (e2e/insights.test.ts clicks it).
  box.checked = true;
  box.dispatchEvent(new Event('change'));
  expect(pick).toHaveBeenLastCalledWith(true);
  box.checked = false;
  box.dispatchEvent(new Event('change'));
  expect(pick).toHaveBeenLastCalledWith(false);
});

it('says why there are no figures instead of showing a noisy number', () => {
  const rule: RuleInsight = { leads: 12, conversions: 1, rate: null, lift: null, interval: null, suggestedPoints: null, status: 'not_enough_data', reason: 'not enough data: 12 leads matched, 30 needed', rule: 'webinar', when: { type: 'event', name: 'webinar_signup' }, points: 40, max: null };
  const row = liftRow(rule, vi.fn());
  expect(row.textContent).toContain('not enough data: 12 leads matched, 30 needed');
  expect(row.querySelector('input')).toBeNull();
});

it('shows a signal no rule covers as the rule it would be, with a bar below 1 for a negative one', () => {
  const c: CandidateInsight = { ...figures, lift: 0.29, interval: { low: 0.19, high: 0.43 }, suggestedPoints: -36, key: 'pageview /careers', type: 'pageview', value: '/careers', suggestedRule: { id: 'pageview-careers', when: { type: 'pageview', path: '/careers' }, points: -36 } };
  const row = liftRow(c, vi.fn());
  expect(row.cells[0]!.textContent).toBe('page /careersno rule yet');
  expect(row.cells[5]!.textContent).toBe('—');
  expect(row.querySelector('svg.lift-bar')!.getAttribute('class')).toBe('lift-bar neg');
  expect(row.querySelector('td.suggested')!.className).toBe('num suggested down');
});

it('describes what rules match', () => {
  expect([{ type: 'download' }, { type: 'download', path: '/files/*.pdf' }, { type: 'event', name: 'demo' }, { type: 'visit' }].map(describeWhen)).toEqual(['any download', 'download /files/*.pdf', 'event demo', 'visit']);
});
