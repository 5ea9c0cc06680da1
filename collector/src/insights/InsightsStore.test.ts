import { env, runInDurableObject } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { insightsObject } from '../objects';
import { MEMBER } from './features';
import type { InsightsObject } from './InsightsObject';
import { ruleSignature, SignatureMatcher } from './ruleSignature';
import { seeded } from '../../../scripts/seeded.mjs';

const KEYS = ['pageview /pricing', 'pageview /pricing/team', 'pageview /careers', 'pageview /blog/a', 'download /files/guide.pdf', 'event webinar_signup', 'visit', 'identify'];
const RULE_SETS = [
  [{ type: 'pageview', path: '/pricing*' }, { type: 'event', name: 'webinar_signup' }],
  [{ type: 'pageview', path: '/pricing*' }, { type: 'download' }, { type: 'visit' }],
  [{ type: 'pageview', path: '/blog/*' }],
].map((whens) => whens.map((w) => ruleSignature(w as never)).sort());

type Row = { outcome: string; feature: string; cur: number; before: number };

/** The counts recomputed from scratch from what the store holds per lead and per outcome. */
function recount(sql: SqlStorage, sigs: string[]) {
  const matcher = new SignatureMatcher(sigs);
  // Each lead's features from its row alone: membership, its keys, the rules they match, its score.
  const features = new Map<string, Set<string>>();
  for (const r of sql.exec<{ lead: string; keys: string; score: number | null }>('SELECT lead, keys, score FROM leads')) {
    const keys = JSON.parse(r.keys) as string[];
    features.set(r.lead, new Set([MEMBER, ...keys.map((k) => `k:${k}`), ...keys.flatMap((k) => matcher.matching(k)).map((s) => `r:${s}`), ...(r.score === null ? [] : [`s:${r.score}`])]));
  }
  const counts = new Map<string, { cur: number; before: number }>();
  const add = (o: string, f: string, cur: number, before: number) => {
    const c = counts.get(`${o}|${f}`) ?? counts.set(`${o}|${f}`, { cur: 0, before: 0 }).get(`${o}|${f}`)!;
    c.cur += cur;
    c.before += before;
  };
  for (const fs of features.values()) for (const f of fs) add('', f, 1, 0);
  const firsts = new Map<string, { id: string; score: number; keys: string; rev: number }>();
  for (const r of sql.exec<{ id: string; lead: string; outcome: string; score: number; keys: string; rev: number }>('SELECT * FROM outcomes ORDER BY at, id')) {
    if (!firsts.has(`${r.outcome}|${r.lead}`)) firsts.set(`${r.outcome}|${r.lead}`, r);
  }
  const conversions = new Map(sql.exec<{ outcome: string; lead: string; id: string }>('SELECT * FROM conversions').toArray().map((c) => [`${c.outcome}|${c.lead}`, c.id]));
  for (const [k, first] of firsts) {
    const [outcome, lead] = k.split('|') as [string, string];
    const keys = JSON.parse(first.keys) as string[];
    const before = new Set([MEMBER, `s:${first.score}`, `v:${first.rev}`, ...keys.map((x) => `k:${x}`), ...keys.flatMap((x) => matcher.matching(x)).map((s) => `r:${s}`)]);
    for (const f of before) add(outcome, f, 0, 1);
    for (const f of features.get(lead) ?? []) add(outcome, f, 1, 0);
  }
  const stored = sql.exec<Row>('SELECT * FROM tallies WHERE cur != 0 OR before != 0').toArray();
  const expected = [...counts].filter(([, c]) => c.cur || c.before).map(([k, c]) => ({ outcome: k.slice(0, k.indexOf('|')), feature: k.slice(k.indexOf('|') + 1), ...c }));
  const sort = (rows: Row[]) => rows.map((r) => `${r.outcome}|${r.feature}|${r.cur}|${r.before}`).sort();
  return { stored: sort(stored), expected: sort(expected), conversions: [...conversions].sort(), firsts: [...firsts].map(([k, f]) => [k, f.id]).sort() };
}

describe('InsightsStore', () => {
  it('keeps its counts equal to a recount from scratch through reports, outcomes, merges, erasures and rule changes', async () => {
    const stub = insightsObject(env, `t-store-${crypto.randomUUID()}`);
    await runInDurableObject(stub, async (o: InsightsObject, state) => {
      const rnd = seeded(12);
      const pick = <T,>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)]!;
      const leads = Array.from({ length: 12 }, (_, i) => `site/l/lead${i}`);
      let sigs = RULE_SETS[0]!;
      const now = Date.now();
      o.store.syncRules(sigs);
      for (let step = 0; step < 400; step++) {
        const r = rnd();
        const lead = pick(leads);
        if (r < 0.35) o.store.note(lead, { keys: [{ key: pick(KEYS), at: now - Math.floor(rnd() * 1e6) }] }, now);
        else if (r < 0.55) o.store.note(lead, { score: Math.floor(rnd() * 101) }, now);
        else if (r < 0.75) {
          const keys = KEYS.filter(() => rnd() < 0.3);
          o.store.record([{ id: `o${step % 40}`, lead, outcome: pick(['won', 'lost']), at: now - Math.floor(rnd() * 1e6), value: rnd() < 0.5 ? 100 : null, score: Math.floor(rnd() * 101), keys, rev: 1 + Math.floor(rnd() * 3) }], now);
        } else if (r < 0.82) o.store.merge(lead, pick(leads.filter((l) => l !== lead)), now);
        else if (r < 0.88) o.store.forget([lead]);
        else if (r < 0.92) {
          sigs = pick(RULE_SETS);
          o.store.syncRules(sigs);
        } else o.store.note(lead, { day: Math.floor(now / 86_400_000) }, now);
        if (step % 25 === 24 || step === 399) {
          const check = recount(state.storage.sql, sigs);
          expect(check.stored, `step ${step}`).toEqual(check.expected);
          expect(check.conversions, `step ${step}`).toEqual(check.firsts);
        }
      }
      // Enough happened for the check to mean something.
      const n = state.storage.sql.exec<{ n: number }>('SELECT COUNT(*) AS n FROM tallies WHERE before > 0').one().n;
      expect(n).toBeGreaterThan(10);
    });
  });

  it('writes one row per lead of a batch and one per count the batch changes, not a row per feature', async () => {
    const stub = insightsObject(env, `t-store-${crypto.randomUUID()}`);
    await runInDurableObject(stub, async (o: InsightsObject, state) => {
      const now = Date.now();
      const day = Math.floor(now / 86_400_000);
      o.store.syncRules(RULE_SETS[1]!);
      o.trendStore.roll(now);
      // 40 new leads of 3–5 keys each, a score and a day: as an index object's batch carries them.
      const reports = Array.from({ length: 40 }, (_, i) => ({
        lead: `site/v/batch${i}`,
        report: { keys: KEYS.slice(i % 4, (i % 4) + 3 + (i % 3)).map((key) => ({ key, at: now - i })), score: 10 * (i % 5), day },
      }));
      const before = o.store.rowsWritten + o.trendStore.rowsWritten;
      await o.noteMany(reports);
      const written = o.store.rowsWritten + o.trendStore.rowsWritten - before;
      const counts = state.storage.sql.exec<{ n: number }>('SELECT COUNT(*) AS n FROM tallies WHERE cur != 0').one().n;
      // A row per lead, a row per count (every count here is new), the day's active leads: nothing per feature.
      expect(written).toBeLessThanOrEqual(reports.length + counts + 1);
      expect(o.store.counts('won', 0).all.get(MEMBER)).toBe(40);
      expect(o.trendStore.days(1, now)[0]!.active).toBe(40);
      // The same reports again change nothing.
      const again = o.store.rowsWritten + o.trendStore.rowsWritten;
      await o.noteMany(reports);
      expect(o.store.rowsWritten + o.trendStore.rowsWritten).toBe(again);
    });
  });

  it('counts a rule added later over the leads and conversions already there', async () => {
    const stub = insightsObject(env, `t-store-${crypto.randomUUID()}`);
    await runInDurableObject(stub, async (o: InsightsObject) => {
      const now = Date.now();
      o.store.syncRules([]);
      o.store.note('a', { keys: [{ key: 'pageview /pricing', at: 1 }, { key: 'pageview /pricing/team', at: 2 }] }, now);
      o.store.note('b', { keys: [{ key: 'pageview /pricing/team', at: 1 }] }, now);
      o.store.note('c', { keys: [{ key: 'pageview /careers', at: 1 }] }, now);
      o.store.record([{ id: 'x', lead: 'b', outcome: 'won', at: 5, value: null, score: 10, keys: ['pageview /pricing/team'], rev: 1 }], now);
      const sig = ruleSignature({ type: 'pageview', path: '/pricing*' });
      o.store.syncRules([sig]);
      const counts = o.store.counts('won', 0);
      // a (two matching keys) counts once; c does not match; b converted with the key before its outcome.
      expect(counts.all.get(`r:${sig}`)).toBe(2);
      expect(counts.converted.get(`r:${sig}`)).toEqual({ cur: 1, before: 1 });
      o.store.syncRules([]);
      expect(o.store.counts('won', 0).all.has(`r:${sig}`)).toBe(false);
    });
  });
});
