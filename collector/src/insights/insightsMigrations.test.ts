// An insights object of an earlier release (schema 1: a row per feature of a lead and per active day) is
// brought up to date in place: each lead keeps its keys, score and days in one row, and every count stays.
import { env, runInDurableObject } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { insightsObject } from '../objects';
import type { InsightsObject } from './InsightsObject';
import { INSIGHTS_MIGRATIONS, migrateInsightsStorage } from './insightsMigrations';
import { InsightsStore } from './InsightsStore';
import { ruleSignature } from './ruleSignature';
import { TrendStore } from './TrendStore';

const pricing = ruleSignature({ type: 'pageview', path: '/pricing*' });

describe('insights object migrations', () => {
  it('moves a schema-1 object to one row per lead, keeping its counts, and goes on counting from there', async () => {
    const stub = insightsObject(env, `migrate-${crypto.randomUUID()}`);
    const got = await runInDurableObject(stub, (_o: InsightsObject, state) => {
      const sql = state.storage.sql;
      // As release 1 left it: lead a with two keys (one matching the counted rule), score 40, active on days 10 and 11.
      sql.exec(`DROP TABLE leads; DROP TABLE tallies;
        CREATE TABLE lead_features (lead TEXT NOT NULL, feature TEXT NOT NULL, at INTEGER NOT NULL, PRIMARY KEY (lead, feature));
        CREATE TABLE tallies (outcome TEXT NOT NULL, feature TEXT NOT NULL,
          cur INTEGER NOT NULL DEFAULT 0, before INTEGER NOT NULL DEFAULT 0, PRIMARY KEY (outcome, feature));
        CREATE TABLE day_leads (day INTEGER NOT NULL, lead TEXT NOT NULL, PRIMARY KEY (day, lead));
        INSERT INTO lead_features VALUES ('a', '*', 1), ('a', 'k:pageview /pricing', 2), ('a', 'k:visit', 1),
          ('a', 'r:${pricing}', 2), ('a', 's:40', 3), ('b', '*', 1), ('b', 'k:visit', 1);
        INSERT INTO tallies VALUES ('', '*', 2, 0), ('', 'k:pageview /pricing', 1, 0), ('', 'k:visit', 2, 0),
          ('', 'r:${pricing}', 1, 0), ('', 's:40', 1, 0);
        INSERT INTO day_leads VALUES (10, 'a'), (11, 'a'), (11, 'b');
        INSERT INTO rules VALUES ('${pricing}');
        UPDATE meta SET v = '1' WHERE k = 'schema'`);
      migrateInsightsStorage(sql);
      const trend = new TrendStore(sql);
      const store = new InsightsStore(sql, trend);
      const rows = sql.exec('SELECT * FROM leads ORDER BY lead').toArray();
      const tables = sql.exec<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' AND name IN ('lead_features', 'day_leads')").toArray();
      const before = { a: store.featuresOf('a'), b: store.featuresOf('b') };
      // Day 11 again counts no one; b's first pricing page counts it for the key and the rule.
      store.noteMany([{ lead: 'a', report: { day: 11 } }, { lead: 'b', report: { keys: [{ key: 'pageview /pricing/team', at: 5 }], day: 11 } }], Date.now());
      return { rows, tables, before, counts: store.counts('won', 0).all, schema: sql.exec<{ v: string }>("SELECT v FROM meta WHERE k = 'schema'").one().v, active: sql.exec('SELECT day, active FROM days').toArray() };
    });
    expect(got.schema).toBe(String(INSIGHTS_MIGRATIONS.length));
    expect(got.tables).toEqual([]);
    expect(got.rows).toEqual([
      { lead: 'a', keys: '["visit","pageview /pricing"]', score: 40, day: 11, prev_day: 10 },
      { lead: 'b', keys: '["visit"]', score: null, day: 11, prev_day: null },
    ]);
    expect(got.before).toEqual({ a: ['*', 'k:pageview /pricing', 'k:visit', `r:${pricing}`, 's:40'], b: ['*', 'k:visit'] });
    expect(Object.fromEntries(got.counts)).toEqual({ '*': 2, 'k:pageview /pricing': 1, 'k:pageview /pricing/team': 1, 'k:visit': 2, [`r:${pricing}`]: 2, 's:40': 1 });
    expect(got.active).toEqual([]);
  });
});
