// Whether time alone can move a lead to another band, so that the daily decay check is worth an alarm.
import type { SiteConfig } from '../site/siteConfigSchema';
import type { ScoreResult } from './scoreLead';

/**
 * True when decay can change the band: there is a half-life, and the lead is not cold with only
 * non-negative contributions (those only shrink, so a cold lead stays cold). Negative contributions
 * shrink too, so a lead held down by them can rise.
 */
export function decayCanChangeBand(result: ScoreResult, config: SiteConfig): boolean {
  if (!config.halfLifeDays) return false;
  if (result.band === 'cold' && result.contributions.every((c) => c.points >= 0)) return false;
  return result.contributions.some((c) => c.points !== 0);
}
