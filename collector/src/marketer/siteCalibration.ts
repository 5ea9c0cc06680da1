// Lead confidence at read time (docs/insights.md): one call to the site's insights object per listing for
// its calibration table, applied to each lead's current score; nothing is stored per lead.
import type { Env } from '../env';
import { confidenceFor, type Calibration, type Confidence } from '../insights/calibrate';
import { insightsObject } from '../objects';
import type { VersionedConfig } from '../site/versionedConfig';

/** Confidence of a score, and why there is none. */
export interface ConfidenceReader {
  of(score: number): Confidence | null;
  /** Why every confidence is null; null when they are given. */
  reason: string | null;
}

/** The site's calibration as a reader of confidences; a failing insights object yields no confidence, not an error. */
export async function siteCalibration(env: Env, site: string, config: VersionedConfig): Promise<ConfidenceReader> {
  let cal: Calibration;
  try {
    cal = await insightsObject(env, site).calibration(config);
  } catch (err) {
    console.error('calibration read failed', err);
    return { of: () => null, reason: 'calibration unavailable right now' };
  }
  return { of: (score) => confidenceFor(cal, score), reason: cal.reason };
}
