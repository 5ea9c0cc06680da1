// The score a beacon's reply carries (SPEC.md §4): the primary model's score and band and, only on a site with
// several models, every other model's score and band for personalization (`data-lp-show="billing:hot"`).
import type { ScoreReply } from './scoreLead';
import type { ScoredModels } from './scoreModels';

/** `{score, band}`, with `models` when the site has several. */
export function scoreReply(scored: ScoredModels, primary: string): ScoreReply {
  const reply: ScoreReply = { score: scored.score, band: scored.band };
  if (scored.models.length > 1) reply.models = Object.fromEntries(scored.models.filter((m) => m.id !== primary).map((m) => [m.id, { score: m.score, band: m.band }]));
  return reply;
}
