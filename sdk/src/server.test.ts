// `leadpulse/server`'s visitorOf: the visitor id from a Cookie header, or nothing. (scoreOf and bandOf run
// against a real collector in e2e/personalization.server.test.ts.)
import { expect, it } from 'vitest';
import { visitorOf } from './server';

const ID = 'Q2xhcmEgTGltYSBPbmxp';

it('finds the lp_vid cookie among others, wherever it stands', () => {
  expect(visitorOf(`lp_vid=${ID}`)).toBe(ID);
  expect(visitorOf(`theme=dark; lp_vid=${ID}; session=abc`)).toBe(ID);
  expect(visitorOf(`theme=dark;lp_vid=${ID}`)).toBe(ID);
});

it('reads a cookie of another name when told', () => {
  expect(visitorOf(`lp_vid=${ID}; visitor=${ID.toLowerCase()}`, 'visitor')).toBe(ID.toLowerCase());
});

it('answers undefined for no header, no such cookie, a look-alike name or a malformed id', () => {
  expect(visitorOf(undefined)).toBeUndefined();
  expect(visitorOf(null)).toBeUndefined();
  expect(visitorOf('')).toBeUndefined();
  expect(visitorOf('theme=dark')).toBeUndefined();
  expect(visitorOf(`xlp_vid=${ID}`)).toBeUndefined();
  expect(visitorOf(`lp_vid_old=${ID}`)).toBeUndefined();
  expect(visitorOf('lp_vid=short')).toBeUndefined();
  expect(visitorOf('lp_vid=../../v1/leads?site=demo')).toBeUndefined();
  expect(visitorOf(`lp_vid=${ID}=`)).toBeUndefined();
  expect(visitorOf('lp_vid')).toBeUndefined();
});
