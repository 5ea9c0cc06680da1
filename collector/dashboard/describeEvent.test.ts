import { describe, expect, it } from 'vitest';
import { describeEvent } from './describeEvent';

const at = '2026-03-10T12:00:00Z';

describe('describeEvent', () => {
  it('says what the visitor did for every event type', () => {
    expect(describeEvent({ type: 'pageview', at, path: '/pricing' })).toBe('Viewed /pricing');
    expect(describeEvent({ type: 'visit', at })).toBe('Started a visit');
    expect(describeEvent({ type: 'download', at, url: '/files/roi-model.xlsx' })).toBe('Downloaded /files/roi-model.xlsx');
    expect(describeEvent({ type: 'event', at, name: 'webinar_signup' })).toBe('Event webinar_signup');
    expect(describeEvent({ type: 'identify', at, lead: 'ana@example.com' })).toBe('Identified as ana@example.com');
    expect(describeEvent({ type: 'vitals', at, path: '/' })).toBe('Web vitals on /');
  });

  it('gives engaged time in whole seconds, zero when unknown', () => {
    expect(describeEvent({ type: 'engaged', at, path: '/product', ms: 12_400 })).toBe('Engaged 12 s on /product');
    expect(describeEvent({ type: 'engaged', at, path: '/product' })).toBe('Engaged 0 s on /product');
  });

  it('names an event type it does not know by its type', () => {
    expect(describeEvent({ type: 'outcome', at })).toBe('outcome');
  });
});
