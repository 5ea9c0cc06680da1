// A lead's details as the marketer API answers them (`GET /v1/leads/:id` and the edit routes): the lead
// object's details with ISO times, its confidence, each model marked primary or not, and its stage.
import type { z } from 'zod';
import type { leadDetailsReply } from '../apiSchemas';
import type { LeadDetails } from '../lead/LeadDetails';
import { currentStage } from '../lead/StageBook';
import type { ConfidenceReader } from './siteCalibration';

const iso = (ms: number) => new Date(ms).toISOString();

/** A lead's details as `GET /v1/leads/:id` (and the edit routes) answer them. */
export function detailsReply(site: string, d: LeadDetails, confidence: ConfidenceReader, primary: string): z.infer<typeof leadDetailsReply> {
  return {
    id: d.id,
    site,
    identified: d.identified,
    score: d.score,
    band: d.band,
    raw: d.raw,
    contributions: d.contributions,
    // `visits` of a folded aggregate is scoring detail, not part of the timeline.
    events: d.events.map(({ ts, visits: _visits, ...e }) => ({ ...e, at: iso(ts) })),
    eventCount: d.eventCount,
    visitors: d.visitors,
    visitorCount: d.visitorCount,
    traits: d.traits,
    firstSeen: iso(d.firstSeen),
    lastSeen: iso(d.lastSeen),
    confidence: confidence.of(d.score),
    confidenceReason: confidence.reason,
    published: d.published ? { score: d.published.score, band: d.published.band, at: iso(d.published.at) } : null,
    publishDue: d.publishDue === null ? null : iso(d.publishDue),
    grade: d.grade,
    models: d.models.map((m) => ({ ...m, primary: m.id === primary })),
    stage: currentStage(d.stages),
    stageHistory: d.stages.map((e) => ({ stage: e.stage, at: iso(e.at), by: e.by })),
  };
}
