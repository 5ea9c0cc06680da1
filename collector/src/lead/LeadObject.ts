// One Durable Object per lead and per anonymous visitor: the strongly consistent home of its history,
// score and alarm (SPEC.md §5). An anonymous visitor's history lives in `site/v/<visitor>`; once identified,
// that object forwards the visitor's events to `site/l/<keyed hash of the lead id>`. This class is the RPC
// surface only; each job is a part of its own (leadParts.ts): a visitor's beacons (VisitorRouter.ts), a
// scoring object's events (Scorekeeper.ts), the alarm's work (alarmPlan.ts), erasure (Eraser.ts) and the
// marketer's reads (LeadReader.ts).
import { DurableObject } from 'cloudflare:workers';
import type { Env } from '../env';
import { count, metering } from '../meter/meter';
import { meteredEnv } from '../meter/meteredEnv';
import { meteredStorage } from '../meter/meteredStorage';
import type { ScoreReply } from '../scoring/scoreLead';
import type { VersionedConfig } from '../site/versionedConfig';
import { DAY, MINUTE } from '../time';
import { alarmWork, ANONYMOUS_IDLE_DAYS, expired } from './alarmPlan';
import { Eraser } from './Eraser';
import type { OverBudget } from './leadBudget';
import type { LeadDetails } from './LeadDetails';
import { dueTimesOf, leadParts, type LeadParts } from './leadParts';
import { LeadReader } from './LeadReader';
import { applyApiTraits } from './mergeTraits';
import { scoresHere } from './objectState';
import { MAX_TRAITS, Scorekeeper, type IngestRequest } from './Scorekeeper';
import type { SignalsBefore } from './signalsBefore';
import { StageBook } from './StageBook';
import type { TraitValue } from './storedEvent';
import { VisitorRouter, type CollectRequest } from './VisitorRouter';

export class LeadObject extends DurableObject<Env> {
  /** The object's parts (tests may read them; nothing else does). */
  readonly parts: LeadParts;
  private readonly keeper: Scorekeeper;
  private readonly router: VisitorRouter;
  private readonly eraser: Eraser;
  private readonly reader: LeadReader;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, meteredEnv(env));
    this.parts = leadParts(meteredStorage(ctx.storage, 'lead', env), this.env);
    this.keeper = new Scorekeeper(this.parts);
    this.router = new VisitorRouter(this.parts, this.keeper);
    this.eraser = new Eraser(this.parts);
    this.reader = new LeadReader(this.parts, this.keeper);
  }

  // ── Beacons ──

  /** A visitor's beacon, received by the visitor's own object (VisitorRouter.ts). */
  async collect(req: CollectRequest): Promise<ScoreReply | OverBudget> {
    return this.parts.store.hold(() => this.router.collect(req));
  }

  /** Events a visitor's object sends on to this lead (Scorekeeper.ts). */
  async ingest(req: IngestRequest): Promise<ScoreReply | OverBudget> {
    return this.parts.store.hold(() => this.keeper.ingest(req));
  }

  /** Rescores with a newer configuration and publishes (called while a site is rescored); null: nothing scores here. */
  async rescore(config: VersionedConfig): Promise<ScoreReply | null> {
    const { store, publisher } = this.parts;
    return store.hold(async () => {
      if (!scoresHere(store.state)) return null;
      store.adopt(config);
      const now = Date.now();
      const result = this.keeper.compute(now);
      await publisher.publish(result, now, 'rescore');
      return { score: result.score, band: result.band };
    });
  }

  // ── Marketer edits (issue 13): traits and stage, rescored and published at once ──

  /** Applies the marketer API's traits (null removes one); an error when not an identified lead or over the limit. */
  async editTraits(patch: Record<string, TraitValue>, config: VersionedConfig, now: number): Promise<{ error: string } | { ok: true }> {
    const { store, publisher } = this.parts;
    return store.hold(async () => {
      const s = store.state;
      if (s?.kind !== 'lead') return { error: 'not_identified' };
      const traits = applyApiTraits(s, patch, MAX_TRAITS);
      if ('error' in traits) return traits;
      store.adopt(config);
      store.save({ ...s, ...traits });
      await publisher.publish(this.keeper.compute(now), now, 'edit');
      return { ok: true as const };
    });
  }

  /** Sets the lead's stage by the marketer API (the route checked that the site has it). */
  async setStage(stage: string, config: VersionedConfig, now: number): Promise<{ error: string } | { ok: true }> {
    const { store, publisher } = this.parts;
    return store.hold(async () => {
      if (store.state?.kind !== 'lead') return { error: 'not_identified' };
      store.adopt(config);
      const scored = this.keeper.compute(now);
      if (new StageBook(store).set(stage, scored, now)) await publisher.publish(scored, now, 'edit');
      return { ok: true as const };
    });
  }

  // ── The alarm ──

  override async alarm(): Promise<void> {
    return this.parts.store.hold(() => this.ring());
  }

  /** The alarm's work (alarm()), its changes written when it ends. */
  private async ring(): Promise<void> {
    const { store, clock, tombstones, webhooks } = this.parts;
    if (metering(this.env)) count('alarms', 'lead');
    clock.reset(undefined);
    tombstones.expire(Date.now());
    if (store.state?.webhooks?.length) await webhooks.deliver(Date.now());
    const s = store.state;
    if (!s) return;
    if ((!store.config || !scoresHere(s)) && !s.vitals?.length && !s.notes) {
      if (s.webhooks?.length || tombstones.expiresAt() !== null) await clock.schedule(true);
      return;
    }
    await this.runDue(Date.now());
  }

  /** The alarm's own work as if `now` had come: a held-back publish, the decay check, the retention fold. */
  async runDue(now: number): Promise<void> {
    const { store, history, clock, publisher } = this.parts;
    const s = store.state;
    if (!s) return;
    const work = alarmWork(dueTimesOf(this.parts, s), now);
    // An anonymous visitor that never scored and has been idle for a month is forgotten (issue 14).
    if (work.expiry && expired(s, work.at)) return this.eraser.wipe();
    if (work.expiry && s.kind === 'anonymous') store.save({ ...s, expiryCheck: s.lastSeen + ANONYMOUS_IDLE_DAYS * DAY });
    if (work.fold) history.fold(store.config?.config, work.at);
    // A held-back publish writes the index row, which takes the vitals and notes along (Publisher.ts).
    const publishing = work.publish === 'flush' && !!store.config && scoresHere(store.state);
    if (work.vitals && !publishing) {
      const current = store.state!;
      // Due from now on whatever happens to this attempt: a failure waits another minute.
      store.save({ ...current, handOverDue: now + MINUTE });
      await publisher.flushPending();
    }
    if (work.publish && store.config && scoresHere(store.state)) await publisher.publish(this.keeper.compute(now), now, work.publish);
    else await clock.schedule(true);
  }

  // ── Marketer surface (SPEC.md §6): reads (LeadReader.ts) and erasure (Eraser.ts) ──

  /** The lead as the marketer API shows it, scored now with `config`; for a linked visitor, the lead it went to. */
  async details(config: VersionedConfig, now: number, recent: number): Promise<LeadDetails | { pointer: string } | null> {
    return this.reader.details(config, now, recent);
  }

  /** Erases everything this object holds; returns what the caller still has to erase elsewhere. */
  async erase(): Promise<{ site: string; name: string; visitors: string[] } | null> {
    return this.parts.store.hold(() => this.eraser.erase());
  }

  /** Erases this visitor's object when it belongs to the erased lead `lead` (or to none); false: it keeps another lead. */
  async eraseVisitor(lead: string): Promise<boolean> {
    return this.parts.store.hold(() => this.eraser.eraseVisitor(lead));
  }

  /** What the lead had before `at` and has now (insights, issue 12); a linked visitor's lead; null: unknown. */
  async signalsBefore(at: number, config: VersionedConfig): Promise<(SignalsBefore & { name: string; rev: number }) | { pointer: string } | null> {
    return this.reader.signalsBefore(at, config);
  }

  /** Everything this object holds, scored now with `config` unless it holds a newer one (tests and debugging). */
  async inspect(config?: VersionedConfig) {
    return this.reader.inspect(config);
  }
}
