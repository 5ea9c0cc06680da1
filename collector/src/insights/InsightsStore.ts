// A site's outcomes and the counts insights are read from, kept up to date as reports arrive, so that no
// read walks the leads (docs/insights.md, "Cost"). Each lead has features (`lead_features`: membership,
// the signal keys it ever had, the rules those keys match, its current score); `tallies` counts, per
// feature, the leads that have it now (`cur`) and — per outcome — the converted leads that had it just
// before their outcome (`before`). A converted lead counts with what it had before its outcome only.
// Longer than most files on purpose: every method keeps `lead_features`, `tallies` and `conversions`
// consistent with each other inside one synchronous storage transaction; split apart, the invariant
// "a tally equals the rows behind it" would be spread over several classes that must always be called
// together.
import { keyFeature, MEMBER, range, revFeature, ruleFeature, scoreFeature } from './features';
import { SignatureMatcher } from './ruleSignature';
import type { TrendStore } from './TrendStore';

/** Most signal keys one lead contributes; beyond them its new keys are not counted. */
export const MAX_KEYS_PER_LEAD = 100;

/** What a lead object reports: keys it had for the first time (with when), its indexed score, a day it was active. */
export interface LeadReport {
  keys?: { key: string; at: number }[];
  score?: number;
  day?: number;
}

/** An outcome ready to store: the lead resolved to its object, and what it had just before `at`. */
export interface OutcomeRecord {
  id: string;
  /** The lead object's name. */
  lead: string;
  outcome: string;
  at: number;
  value: number | null;
  /** The lead's score just before `at`, under the configuration of the time it was recorded. */
  score: number;
  /** The signal keys the lead had before `at`. */
  keys: string[];
  /** The configuration revision `score` was computed with. */
  rev: number;
  /** What the lead has now, so that it counts among the leads even before it reports. */
  current?: LeadReport;
}

/** Counts per feature for one outcome: every lead's now, and the converted leads' now and before. */
export interface FeatureCounts {
  /** Leads that have each feature now (signal keys with fewer than `minKeyLeads` are left out). */
  all: Map<string, number>;
  /** For leads that converted: those that have it now, and those that had it before the outcome. */
  converted: Map<string, { cur: number; before: number }>;
}

type OutcomeRow = { id: string; lead: string; outcome: string; at: number; value: number | null; score: number; keys: string; rev: number };

const DAY_MS = 86_400_000;

/** The outcomes and counts of one site. */
export class InsightsStore {
  private matcher: SignatureMatcher | null = null;
  /** Rows this instance has written (the bench reads it). */
  rowsWritten = 0;

  constructor(
    private readonly sql: SqlStorage,
    private readonly trend: TrendStore,
  ) {}

  // ── Reports of lead objects ──

  /** Notes what a lead object reports; counting each key and score once however often it is sent. */
  note(lead: string, r: LeadReport, now: number): void {
    const conv = this.conversionsOf(lead).map((c) => c.outcome);
    this.add(lead, MEMBER, now, conv);
    if (r.keys?.length) this.addKeys(lead, r.keys, conv);
    if (r.score !== undefined) this.setScore(lead, r.score, now, conv);
    if (r.day !== undefined) this.trend.active(r.day, lead);
  }

  /** A visitor's history moved to its lead: its outcomes go with it; the lead reports its own features. */
  merge(from: string, to: string, now: number): void {
    for (const c of this.conversionsOf(from)) this.unconvert(from, c.outcome, c.id);
    const moved = this.exec<{ outcome: string }>('SELECT DISTINCT outcome FROM outcomes WHERE lead = ?', from).toArray();
    this.exec('UPDATE outcomes SET lead = ? WHERE lead = ?', to, from);
    this.dropFeatures(from);
    this.trend.forgetLead(from);
    if (!moved.length) return;
    this.add(to, MEMBER, now, this.conversionsOf(to).map((c) => c.outcome));
    for (const { outcome } of moved) this.define(to, outcome);
  }

  /** Erases leads (right to erasure): their outcomes, features and days, and their share of every count. */
  forget(leads: readonly string[]): void {
    for (const lead of leads) {
      for (const c of this.conversionsOf(lead)) this.unconvert(lead, c.outcome, c.id);
      for (const o of this.exec<OutcomeRow>('SELECT * FROM outcomes WHERE lead = ?', lead).toArray()) this.countOutcome(o, -1);
      this.exec('DELETE FROM outcomes WHERE lead = ?', lead);
      this.dropFeatures(lead);
      this.trend.forgetLead(lead);
    }
  }

  // ── Outcomes ──

  /** Which of `ids` are recorded already. */
  recordedIds(ids: readonly string[]): Set<string> {
    const found = new Set<string>();
    for (let i = 0; i < ids.length; i += 500) {
      for (const r of this.exec<{ id: string }>('SELECT id FROM outcomes WHERE id IN (SELECT value FROM json_each(?))', JSON.stringify(ids.slice(i, i + 500)))) found.add(r.id);
    }
    return found;
  }

  /** Stores outcomes, once per id; a lead's first outcome of a name (by `at`) is its conversion. */
  record(items: readonly OutcomeRecord[], now: number): ('recorded' | 'duplicate')[] {
    return items.map((it) => {
      const inserted = this.exec(
        'INSERT OR IGNORE INTO outcomes (id, lead, outcome, at, value, recorded, score, keys, rev) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
        it.id, it.lead, it.outcome, it.at, it.value, now, it.score, JSON.stringify(it.keys), it.rev,
      ).rowsWritten;
      if (!inserted) return 'duplicate';
      this.note(it.lead, it.current ?? {}, now);
      this.countOutcome({ outcome: it.outcome, at: it.at, value: it.value }, 1);
      this.define(it.lead, it.outcome);
      return 'recorded';
    });
  }

  /** Outcomes recorded per name: rows, converted leads, total value. */
  outcomeTotals(): { outcome: string; outcomes: number; leads: number; value: number }[] {
    const leads = new Map(this.exec<{ outcome: string; before: number }>("SELECT outcome, before FROM tallies WHERE feature = ? AND outcome != ''", MEMBER).toArray().map((r) => [r.outcome, r.before]));
    return this.exec<{ outcome: string; n: number; value: number }>('SELECT outcome, n, value FROM outcome_totals WHERE n > 0 ORDER BY n DESC, outcome')
      .toArray()
      .map((r) => ({ outcome: r.outcome, outcomes: r.n, leads: leads.get(r.outcome) ?? 0, value: r.value }));
  }

  /** How many of an outcome's conversions were scored under a configuration older than `rev` (counted per revision). */
  olderScores(outcome: string, rev: number): number {
    const [v0, v1] = range('v');
    let n = 0;
    for (const r of this.exec<{ feature: string; before: number }>('SELECT feature, before FROM tallies WHERE outcome = ? AND feature >= ? AND feature < ?', outcome, v0, v1)) {
      if (Number(r.feature.slice(2)) < rev) n += r.before;
    }
    return n;
  }

  // ── Rules ──

  /**
   * Counts the rules of `signatures` from now on: a `when` not counted before is counted over every lead
   * once (one pass over the stored features); one no longer in use is dropped.
   */
  syncRules(signatures: readonly string[]): void {
    const stored = this.exec<{ sig: string }>('SELECT sig FROM rules').toArray().map((r) => r.sig);
    const wanted = new Set(signatures);
    for (const sig of stored) {
      if (wanted.has(sig)) continue;
      this.exec('DELETE FROM lead_features WHERE feature = ?', ruleFeature(sig));
      this.exec('DELETE FROM tallies WHERE feature = ?', ruleFeature(sig));
      this.exec('DELETE FROM rules WHERE sig = ?', sig);
    }
    for (const sig of signatures) if (!stored.includes(sig)) this.countRule(sig);
    if (!this.matcher || this.matcher.signatures.join('\n') !== [...signatures].sort().join('\n')) this.matcher = new SignatureMatcher([...signatures].sort());
  }

  // ── Reads ──

  /** The counts behind insights for `outcome`; keys matched by fewer than `minKeyLeads` leads are left out. */
  counts(outcome: string, minKeyLeads: number): FeatureCounts {
    const [k0, k1] = range('k');
    const all = new Map(
      this.exec<{ feature: string; cur: number }>("SELECT feature, cur FROM tallies WHERE outcome = '' AND (cur >= ? OR feature < ? OR feature >= ?)", minKeyLeads, k0, k1)
        .toArray()
        .map((r) => [r.feature, r.cur]),
    );
    const converted = new Map(this.exec<{ feature: string; cur: number; before: number }>('SELECT feature, cur, before FROM tallies WHERE outcome = ?', outcome).toArray().map((r) => [r.feature, { cur: r.cur, before: r.before }]));
    return { all, converted };
  }

  /** Per score 0–100: leads (converted ones at their score before the outcome) and conversions. */
  scoreCounts(outcome: string): { leads: number[]; conversions: number[] } {
    const leads = Array.from({ length: 101 }, () => 0);
    const conversions = Array.from({ length: 101 }, () => 0);
    const [s0, s1] = range('s');
    for (const r of this.exec<{ outcome: string; feature: string; cur: number; before: number }>("SELECT * FROM tallies WHERE outcome IN ('', ?) AND feature >= ? AND feature < ?", outcome, s0, s1)) {
      const s = Number(r.feature.slice(2));
      if (!(s >= 0 && s <= 100)) continue;
      if (r.outcome === '') leads[s]! += r.cur;
      else {
        leads[s]! += r.before - r.cur;
        conversions[s]! += r.before;
      }
    }
    return { leads, conversions };
  }

  // ── Parts ──

  private exec<T extends Record<string, SqlStorageValue>>(query: string, ...args: SqlStorageValue[]): SqlStorageCursor<T> {
    const cursor = this.sql.exec<T>(query, ...args);
    this.rowsWritten += cursor.rowsWritten;
    return cursor;
  }

  private signatures(): SignatureMatcher {
    return (this.matcher ??= new SignatureMatcher(this.exec<{ sig: string }>('SELECT sig FROM rules ORDER BY sig').toArray().map((r) => r.sig)));
  }

  private conversionsOf(lead: string): { outcome: string; id: string }[] {
    return this.exec<{ outcome: string; id: string }>('SELECT outcome, id FROM conversions WHERE lead = ?', lead).toArray();
  }

  /** Adds `delta` to a feature's counts of one outcome ('' for every lead). */
  private tally(outcome: string, feature: string, cur: number, before: number): void {
    this.exec(
      'INSERT INTO tallies (outcome, feature, cur, before) VALUES (?, ?, ?, ?) ON CONFLICT (outcome, feature) DO UPDATE SET cur = cur + excluded.cur, before = before + excluded.before',
      outcome, feature, cur, before,
    );
  }

  /** Gives `lead` a feature it did not have; counts it for every lead and for each outcome it converted. */
  private add(lead: string, feature: string, at: number, conv: readonly string[]): boolean {
    if (!this.exec('INSERT OR IGNORE INTO lead_features (lead, feature, at) VALUES (?, ?, ?)', lead, feature, at).rowsWritten) return false;
    this.tally('', feature, 1, 0);
    for (const o of conv) this.tally(o, feature, 1, 0);
    return true;
  }

  private remove(lead: string, feature: string, conv: readonly string[]): void {
    if (!this.exec('DELETE FROM lead_features WHERE lead = ? AND feature = ?', lead, feature).rowsWritten) return;
    this.tally('', feature, -1, 0);
    for (const o of conv) this.tally(o, feature, -1, 0);
  }

  private addKeys(lead: string, keys: readonly { key: string; at: number }[], conv: readonly string[]): void {
    const [k0, k1] = range('k');
    let room = MAX_KEYS_PER_LEAD - this.exec<{ n: number }>('SELECT COUNT(*) AS n FROM lead_features WHERE lead = ? AND feature >= ? AND feature < ?', lead, k0, k1).one().n;
    for (const { key, at } of keys) {
      if (room <= 0) return;
      if (!this.add(lead, keyFeature(key), at, conv)) continue;
      room--;
      for (const sig of this.signatures().matching(key)) this.add(lead, ruleFeature(sig), at, conv);
    }
  }

  private setScore(lead: string, score: number, now: number, conv: readonly string[]): void {
    const [s0, s1] = range('s');
    const old = this.exec<{ feature: string }>('SELECT feature FROM lead_features WHERE lead = ? AND feature >= ? AND feature < ?', lead, s0, s1).toArray()[0]?.feature;
    const next = scoreFeature(Math.max(0, Math.min(100, Math.round(score))));
    if (old === next) return;
    if (old) this.remove(lead, old, conv);
    this.add(lead, next, now, conv);
  }

  /** Removes every feature of a lead with its counts (the lead has no conversion left when this runs). */
  private dropFeatures(lead: string): void {
    const conv = this.conversionsOf(lead).map((c) => c.outcome);
    for (const { feature } of this.exec<{ feature: string }>('SELECT feature FROM lead_features WHERE lead = ?', lead).toArray()) this.remove(lead, feature, conv);
  }

  /** Makes the lead's earliest outcome of this name its conversion (the one compared with its history). */
  private define(lead: string, outcome: string): void {
    const first = this.exec<OutcomeRow>('SELECT * FROM outcomes WHERE lead = ? AND outcome = ? ORDER BY at, id LIMIT 1', lead, outcome).toArray()[0];
    const current = this.exec<{ id: string }>('SELECT id FROM conversions WHERE outcome = ? AND lead = ?', outcome, lead).toArray()[0];
    if (current?.id === first?.id) return;
    if (current) this.unconvert(lead, outcome, current.id);
    if (first) this.convert(lead, first);
  }

  private convert(lead: string, row: OutcomeRow): void {
    for (const f of this.beforeFeatures(row)) this.tally(row.outcome, f, 0, 1);
    for (const { feature } of this.exec<{ feature: string }>('SELECT feature FROM lead_features WHERE lead = ?', lead).toArray()) this.tally(row.outcome, feature, 1, 0);
    this.exec('INSERT INTO conversions (outcome, lead, id) VALUES (?, ?, ?)', row.outcome, lead, row.id);
  }

  private unconvert(lead: string, outcome: string, id: string): void {
    const row = this.exec<OutcomeRow>('SELECT * FROM outcomes WHERE id = ?', id).toArray()[0];
    if (row) for (const f of this.beforeFeatures(row)) this.tally(outcome, f, 0, -1);
    for (const { feature } of this.exec<{ feature: string }>('SELECT feature FROM lead_features WHERE lead = ?', lead).toArray()) this.tally(outcome, feature, -1, 0);
    this.exec('DELETE FROM conversions WHERE outcome = ? AND lead = ?', outcome, lead);
  }

  /** What a converted lead counts with: its keys before the outcome, the rules they match, its score then (and under which rules). */
  private beforeFeatures(row: OutcomeRow): string[] {
    const keys = JSON.parse(row.keys) as string[];
    const rules = new Set<string>();
    for (const k of keys) for (const sig of this.signatures().matching(k)) rules.add(sig);
    return [MEMBER, scoreFeature(row.score), revFeature(row.rev), ...keys.map(keyFeature), ...[...rules].map(ruleFeature)];
  }

  private countOutcome(o: { outcome: string; at: number; value: number | null }, sign: 1 | -1): void {
    const value = (o.value ?? 0) * sign;
    this.exec('INSERT INTO outcome_totals (outcome, n, value) VALUES (?, ?, ?) ON CONFLICT (outcome) DO UPDATE SET n = n + excluded.n, value = value + excluded.value', o.outcome, sign, value);
    this.trend.outcome(Math.floor(o.at / DAY_MS), o.outcome, sign, value);
  }

  /** Counts a rule's `when` over every lead and conversion so far (once, when a rule first needs it). */
  private countRule(sig: string): void {
    const feature = ruleFeature(sig);
    const m = new SignatureMatcher([sig]);
    const [k0, k1] = range('k');
    const keys = this.exec<{ feature: string }>("SELECT feature FROM tallies WHERE outcome = '' AND feature >= ? AND feature < ? AND cur > 0", k0, k1)
      .toArray()
      .map((r) => r.feature)
      .filter((f) => m.covers(f.slice(2)));
    const counts = new Map<string, { cur: number; before: number }>();
    const at = (o: string) => counts.get(o) ?? counts.set(o, { cur: 0, before: 0 }).get(o)!;
    if (keys.length) {
      this.exec(
        'INSERT OR IGNORE INTO lead_features (lead, feature, at) SELECT lead, ?, MIN(at) FROM lead_features WHERE feature IN (SELECT value FROM json_each(?)) GROUP BY lead',
        feature, JSON.stringify(keys),
      );
      // rowsWritten counts index entries too: count the rows themselves.
      at('').cur = this.exec<{ n: number }>('SELECT COUNT(*) AS n FROM lead_features WHERE feature = ?', feature).one().n;
      for (const r of this.exec<{ outcome: string; n: number }>('SELECT c.outcome AS outcome, COUNT(*) AS n FROM conversions c JOIN lead_features f ON f.lead = c.lead AND f.feature = ? GROUP BY c.outcome', feature)) at(r.outcome).cur = r.n;
    }
    for (const r of this.exec<{ outcome: string; keys: string }>('SELECT c.outcome AS outcome, o.keys AS keys FROM conversions c JOIN outcomes o ON o.id = c.id')) {
      if ((JSON.parse(r.keys) as string[]).some((k) => m.covers(k))) at(r.outcome).before++;
    }
    for (const [outcome, c] of counts) {
      this.exec('INSERT INTO tallies (outcome, feature, cur, before) VALUES (?, ?, ?, ?) ON CONFLICT (outcome, feature) DO UPDATE SET cur = excluded.cur, before = excluded.before', outcome, feature, c.cur, c.before);
    }
    this.exec('INSERT OR IGNORE INTO rules (sig) VALUES (?)', sig);
  }
}
