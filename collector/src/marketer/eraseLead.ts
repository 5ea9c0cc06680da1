// Right to erasure (SPEC.md §6): removes every trace of one lead — its object's state and events, its
// published score, its visitors' pointers and own objects, its index rows, its web vitals samples, and its
// outcomes with everything insights counted of it.
import type { Env } from '../env';
import { pointerKey, scoreKey, visitorObjectName } from '../lead/leadName';
import { insightsObject, leadObject } from '../objects';
import { SiteIndex } from '../site/SiteIndex';

/** Erases the lead held by the object `name` of `site` (a lead's, or an unidentified visitor's own). */
export async function eraseLead(env: Env, site: string, name: string): Promise<void> {
  const erased = await leadObject(env, name).erase();
  const visitors = erased?.visitors ?? [];
  // A visitor identified as another lead since then belongs to that lead now: keep its link there.
  const gone = (await Promise.all(visitors.map(async (v) => ((await leadObject(env, visitorObjectName(site, v)).eraseVisitor(name)) ? v : null)))).filter((v) => v !== null);
  const index = new SiteIndex(env, site);
  await Promise.all([
    env.SCORES.delete(scoreKey(name)),
    index.remove([name, ...gone.map((v) => visitorObjectName(site, v))]),
    ...gone.flatMap((v) => [env.SCORES.delete(pointerKey(site, v)), env.SCORES.delete(scoreKey(visitorObjectName(site, v)))]),
    // Every visitor's web vitals go, those of visitors that moved on to another lead too: samples carry
    // no lead, and some were sent while the visitor was the erased lead's.
    index.eraseVisitors(visitors.map((visitor) => ({ visitor, name: visitorObjectName(site, visitor) }))),
    // Outcomes recorded against the lead or against one of its visitors before it was identified.
    insightsObject(env, site).forget([name, ...visitors.map((v) => visitorObjectName(site, v))]),
  ]);
}
