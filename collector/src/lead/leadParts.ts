// The parts of one lead object (LeadObject.ts), built once per instance over its storage: the state row,
// the history, the lead's visitors, the routes of a visitor's events, the alarm, webhooks, publishing and the
// tombstone of an erasure. The object's jobs (Scorekeeper.ts, VisitorRouter.ts, Eraser.ts, LeadReader.ts)
// share them; each part does one thing.
import type { Env } from '../env';
import { AlarmClock } from './AlarmClock';
import { dueTimes, nextAlarm } from './alarmPlan';
import { EventLog } from './EventLog';
import { HotWebhooks } from './HotWebhooks';
import { InsightsReporter } from './InsightsReporter';
import { LeadHistory } from './LeadHistory';
import { migrateLeadStorage } from './leadMigrations';
import { LeadVisitors } from './LeadVisitors';
import type { ObjectState } from './objectState';
import { Publisher } from './Publisher';
import { RouteBook } from './RouteBook';
import { StageBook } from './StageBook';
import { StateStore } from './StateStore';
import { Tombstones } from './tombstones';

/** What a lead object's jobs work on. */
export interface LeadParts {
  env: Env;
  storage: DurableObjectStorage;
  store: StateStore;
  history: LeadHistory;
  visitors: LeadVisitors;
  routes: RouteBook;
  clock: AlarmClock;
  webhooks: HotWebhooks;
  publisher: Publisher;
  tombstones: Tombstones;
  insights: InsightsReporter;
}

/** Migrates the object's storage to the current schema and builds its parts over it. */
export function leadParts(storage: DurableObjectStorage, env: Env): LeadParts {
  const sql = storage.sql;
  migrateLeadStorage(sql);
  const store = new StateStore(sql);
  const history = new LeadHistory(new EventLog(sql, store));
  const tombstones = new Tombstones(sql, env.HASH_KEY);
  const clock = new AlarmClock(storage, () => alarmTime(store, history, tombstones));
  const webhooks = new HotWebhooks(store, env.WEBHOOK_BASE_DELAY_MS);
  const publisher = new Publisher(env, store, clock, webhooks, new StageBook(store));
  return { env, storage, store, history, visitors: new LeadVisitors(sql), routes: new RouteBook(store), clock, webhooks, publisher, tombstones, insights: new InsightsReporter() };
}

/** When each kind of the object's work is due (alarmPlan.ts). */
export function dueTimesOf(parts: Pick<LeadParts, 'history' | 'store'>, s: ObjectState) {
  return dueTimes(s, () => parts.history.retentionDue(parts.store.config?.config));
}

/** When the alarm should ring: the earliest due work, or the expiry of an erasure's tombstone. */
function alarmTime(store: StateStore, history: LeadHistory, tombstones: Tombstones): number | null {
  const s = store.state;
  const due = s ? nextAlarm(s, dueTimesOf({ store, history }, s)) : null;
  const tombstone = tombstones.expiresAt();
  return tombstone === null ? due : due === null ? tombstone : Math.min(due, tombstone);
}
