// Publishes a lead object's score (SPEC.md §4): to KV sparingly — at once when the band changed or nothing
// was published in the last minute, else by the alarm when that minute ends (publishDecision.ts) — and to
// its row of the site's lead index (an index object, site/indexShards.ts), which listings read, with the
// web vitals its visitor gathered since. Writes to each run in the order they were decided.
import type { Env } from '../env';
import { indexObject } from '../objects';
import { indexShardName } from '../site/indexShards';
import { decayCanChangeBand } from '../scoring/decayCanChangeBand';
import type { ScoredModels } from '../scoring/scoreModels';
import { primaryModel } from '../scoring/siteModels';
import { DAY, MINUTE } from '../time';
import type { AlarmClock } from './AlarmClock';
import type { HotWebhooks } from './HotWebhooks';
import { extrasChange, indexExtras } from './indexExtras';
import { pointerKey, scoreKey } from './leadName';
import { scoresHere, type ObjectState, type ScoringState } from './objectState';
import { publishDecision } from './publishDecision';
import { serialQueue } from './serialQueue';
import type { StageBook } from './StageBook';
import type { StateStore } from './StateStore';

/** What waits in a lead object's state for its next index write. */
type Pending = Pick<ObjectState, 'vitals' | 'notes'>;

/**
 * Why a score is being published: a beacon, a configuration change, the end of the minute, the daily decay
 * check, a change by the marketer API (traits, stage).
 */
export type PublishReason = 'beacon' | 'rescore' | 'flush' | 'decay' | 'edit';

/** The publishing of one lead object. */
export class Publisher {
  private readonly kvQueue = serialQueue();
  private readonly indexQueue = serialQueue();
  /** The score value this instance last wrote to KV: a queued write of the same value is skipped. */
  private written: string | null = null;

  constructor(
    private readonly env: Env,
    private readonly store: StateStore,
    private readonly clock: AlarmClock,
    private readonly webhooks: HotWebhooks,
    private readonly stages: StageBook,
  ) {}

  /** Publishes `result`, scored at `now`, as `reason` allows; notes a rise to hot and sets the alarm. */
  async publish(result: ScoredModels, now: number, reason: PublishReason): Promise<void> {
    if (!scoresHere(this.store.state)) return;
    this.webhooks.noteBand(this.store.state, result, now);
    this.stages.note(this.store.state as ScoringState, result, now);
    const state = this.store.state as ScoringState;
    const config = this.store.config!;
    const extras = indexExtras(result, state, primaryModel(config.config));
    const change = extrasChange(state.indexed?.extras, extras);
    let decision = publishDecision(state.published, result, now);
    if (decision === 'later' && reason === 'flush') decision = 'now';
    if (reason === 'decay' && !state.publishPending && state.published?.band === result.band) decision = 'none';
    // The decay check runs at least once a day while decay can change the band; scoring now is a check.
    const decayAt = !decayCanChangeBand(result, config.config) ? undefined : state.decayAt !== undefined && state.decayAt > now ? state.decayAt : now + DAY;
    const next: ScoringState = { ...state, publishPending: decision === 'later', decayAt };
    if (decision === 'now') next.published = { score: result.score, band: result.band, at: now };
    const ix = state.indexed;
    const rev = config.rev ?? 0;
    // The index shows score, band, last seen and whether identified: written when one of them changed (last
    // seen at most once a minute), never for an anonymous visitor that has not scored in any model.
    const unscored = !ix && state.kind === 'anonymous' && result.models.every((m) => m.score === 0);
    // Grade, stage and other models' bands (issue 13) are written at once when they change, their scores like the score.
    const reindex =
      !unscored &&
      (!ix || decision === 'now' || reason === 'rescore' || reason === 'edit' || ix.rev !== rev || change === 'shown' || (now - ix.at >= MINUTE && (ix.score !== result.score || ix.lastSeen !== state.lastSeen || change === 'scores')));
    if (reindex) {
      next.indexed = { score: result.score, band: result.band, lastSeen: state.lastSeen, rev, at: now, ...(extras ? { extras } : {}) };
      // Pending vitals and notes ride with this write: no alarm of their own (a failed write sets one).
      next.handOverDue = undefined;
    }
    // Saved before the writes are awaited so that a concurrent beacon sees them and does not repeat them.
    this.store.save(next);
    await this.clock.schedule(reason === 'flush' || reason === 'decay');
    await Promise.all([decision === 'now' ? this.kvQueue(() => this.writeScore()) : null, reindex ? this.indexQueue(() => this.writeIndex()) : null]);
  }

  /** Points a linked visitor's `GET /v1/score` at its lead (the latest link, when writes queued up). */
  async linkVisitor(site: string, visitor: string): Promise<void> {
    await this.kvQueue(async () => {
      const s = this.store.state;
      if (s?.kind === 'linked') await this.env.SCORES.put(pointerKey(site, visitor), s.lead.name);
    });
  }

  /** Withdraws the score and index row of `name`, a visitor whose history now lives in its lead. */
  async withdraw(site: string, name: string): Promise<void> {
    await Promise.all([this.kvQueue(() => this.env.SCORES.delete(scoreKey(name))), this.indexQueue(() => this.shard(site, name).removeLead(name))]);
    this.written = null;
  }

  /** Hands pending web vitals and insight notes to the index: with the lead's row when it has one, else by themselves. */
  async flushPending(): Promise<void> {
    await this.indexQueue(async () => {
      const s = this.store.state;
      if (!s?.vitals?.length && !s?.notes) return;
      if (scoresHere(s) && s.indexed) return this.writeIndex();
      const pending = { vitals: s.vitals, notes: s.notes };
      // An anonymous visitor without an index row has not scored: insights count it at 0.
      const notes = s.notes && s.kind === 'anonymous' ? { ...s.notes, score: 0 } : s.notes;
      await this.shard(s.site, s.name).addPending(s.site, s.name, { vitals: s.vitals, notes }, Date.now());
      this.dropPending(pending);
    });
  }

  /** Forgets what this instance wrote (a new life: first use, or after an erasure). */
  forget(): void {
    this.written = null;
  }

  /** Writes the published score (the latest, when writes queued up) to KV; each write is counted. */
  private async writeScore(): Promise<void> {
    const s = this.store.state;
    const p = scoresHere(s) ? s.published : undefined;
    if (!s || !p || !scoresHere(s)) return;
    const value = JSON.stringify({ score: p.score, band: p.band });
    if (value === this.written) return;
    // The running count rides with the next write of the state row: it is a counter, not a signal.
    const writes = (s.writes ?? 0) + 1;
    this.store.saveLater({ ...s, writes });
    try {
      await this.env.SCORES.put(scoreKey(s.name), value, { metadata: { writes } });
      this.written = value;
    } catch (err) {
      // KV refused (e.g. its write rate): the alarm tries again when the minute ends.
      console.error('score publish failed', err);
      const now = this.store.state;
      if (scoresHere(now)) this.store.save({ ...now, publishPending: true });
      await this.clock.schedule();
    }
  }

  /** Writes this lead's row of the site's index from the latest indexed state, with pending web vitals. */
  private async writeIndex(): Promise<void> {
    const s = this.store.state;
    if (!scoresHere(s) || !s.indexed) return;
    const ix = s.indexed;
    const pending = { vitals: s.vitals, notes: s.notes };
    try {
      await this.shard(s.site, s.name).upsertLead(s.site, { name: s.name, id: s.id, score: ix.score, band: ix.band, lastSeen: s.lastSeen, identified: s.kind === 'lead', rev: ix.rev, publishedAt: ix.at, ...(ix.extras ? { extras: ix.extras } : {}) }, pending, Date.now());
    } catch (err) {
      // The index is not the beacon's business: its row, vitals and notes go again with the alarm in a minute.
      console.error('index write failed', err);
      const now = this.store.state;
      if (scoresHere(now)) this.store.save({ ...now, notes: now.notes ?? {}, handOverDue: Date.now() + MINUTE });
      await this.clock.schedule();
      return;
    }
    this.dropPending(pending);
  }

  /**
   * Forgets the vitals and notes handed over (those that came meanwhile stay); the state row carries it with
   * its next write (a resend is counted once: vitals by id, notes by key).
   */
  private dropPending(sent: Pending): void {
    const s = this.store.state;
    if (!s) return;
    const vitals = s.vitals?.filter((v) => !sent.vitals?.includes(v));
    const notes = s.notes === sent.notes ? undefined : s.notes;
    const left = !!vitals?.length || !!notes;
    this.store.saveLater({ ...s, vitals: vitals?.length ? vitals : undefined, notes, handOverDue: left ? s.handOverDue : undefined });
  }

  private shard(site: string, name: string) {
    return indexObject(this.env, indexShardName(site, name));
  }
}
