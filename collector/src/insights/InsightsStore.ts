// A site's outcomes and the counts insights are read from, kept up to date as reports arrive, so that no
// read walks the leads (docs/insights.md, "Cost"). Each lead has one row (`leads`: the signal keys it ever
// had, its current score, its last two active days); its features — membership, those keys, the rules the
// keys match, its score — are read from that row. `tallies` counts, per feature, the leads that have it now
// (`cur`) and — per outcome — the converted leads that had it just before their outcome (`before`). A
// converted lead counts with what it had before its outcome only. The changes to the counts of one call are
// summed and written once per count at its end, so a batch of reports writes a row per lead and a row per
// count it changes.
// Longer than most files on purpose: every method keeps `leads`, `tallies` and `conversions` consistent with
// each other inside one synchronous storage transaction; split apart, the invariant "a tally equals the
// rows behind it" would be spread over several classes that must always be called together.
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

/** A lead's row: its signal keys (first seen first), its score, the last two days it was active. */
interface LeadRow {
  keys: string[];
  score: number | null;
  day: number | null;
  prevDay: number | null;
}

const DAY_MS = 86_400_000;

/** The outcomes and counts of one site. */
export class InsightsStore {
  private matcher: SignatureMatcher | null = null;
  /** Changes to the counts (per outcome and feature) and to the days' active leads, written at the end of a call. */
  private pending: { tallies: Map<string, { outcome: string; feature: string; cur: number; before: number }>; active: Map<number, number> } | null = null;
  /** Rows this instance has written (the bench reads it). */
  rowsWritten = 0;

  constructor(
    private readonly sql: SqlStorage,
    private readonly trend: TrendStore,
  ) {}

  // ── Reports of lead objects ──

  /** Notes what a lead object reports; counting each key and score once however often it is sent. */
  note(lead: string, r: LeadReport, now: number): void {
    this.noteMany([{ lead, report: r }], now);
  }

  /** Notes the reports of many leads: a row per lead, then each count they change once. */
  noteMany(reports: readonly { lead: string; report: LeadReport }[], now: number): void {
    this.batch(() => {
      for (const { lead, report } of reports) this.noteOne(lead, report, now);
    });
  }

  /** A visitor's history moved to its lead: its outcomes go with it; the lead reports its own features. */
  merge(from: string, to: string, now: number): void {
    this.batch(() => {
      for (const c of this.conversionsOf(from)) this.unconvert(from, c.outcome, c.id);
      const moved = this.exec<{ outcome: string }>('SELECT DISTINCT outcome FROM outcomes WHERE lead = ?', from).toArray();
      this.exec('UPDATE outcomes SET lead = ? WHERE lead = ?', to, from);
      this.dropLead(from);
      if (!moved.length) return;
      this.noteOne(to, {}, now);
      for (const { outcome } of moved) this.define(to, outcome);
    });
  }

  /** Erases leads (right to erasure): their outcomes, row and days, and their share of every count. */
  forget(leads: readonly string[]): void {
    this.batch(() => {
      for (const lead of leads) {
        for (const c of this.conversionsOf(lead)) this.unconvert(lead, c.outcome, c.id);
        for (const o of this.exec<OutcomeRow>('SELECT * FROM outcomes WHERE lead = ?', lead).toArray()) this.countOutcome(o, -1);
        this.exec('DELETE FROM outcomes WHERE lead = ?', lead);
        this.dropLead(lead);
      }
    });
  }

  /** A lead's features as counted: membership, keys, the rules they match, its score (sorted; none when unknown). */
  featuresOf(lead: string): string[] {
    const row = this.leadRow(lead);
    return row ? this.features(row).sort() : [];
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
    return this.batch(() =>
      items.map((it) => {
        const inserted = this.exec(
          'INSERT OR IGNORE INTO outcomes (id, lead, outcome, at, value, recorded, score, keys, rev) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
          it.id, it.lead, it.outcome, it.at, it.value, now, it.score, JSON.stringify(it.keys), it.rev,
        ).rowsWritten;
        if (!inserted) return 'duplicate';
        this.noteOne(it.lead, it.current ?? {}, now);
        this.countOutcome({ outcome: it.outcome, at: it.at, value: it.value }, 1);
        this.define(it.lead, it.outcome);
        return 'recorded';
      }),
    );
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
   * once (one pass over the leads' rows); one no longer in use is dropped.
   */
  syncRules(signatures: readonly string[]): void {
    const stored = this.exec<{ sig: string }>('SELECT sig FROM rules').toArray().map((r) => r.sig);
    const wanted = new Set(signatures);
    for (const sig of stored) {
      if (wanted.has(sig)) continue;
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

  /** Runs `fn` with the changes to counts summed, and writes each changed count once when it ends. */
  private batch<T>(fn: () => T): T {
    if (this.pending) return fn();
    this.pending = { tallies: new Map(), active: new Map() };
    try {
      return fn();
    } finally {
      const { tallies, active } = this.pending;
      this.pending = null;
      for (const t of tallies.values()) {
        if (!t.cur && !t.before) continue;
        this.exec(
          'INSERT INTO tallies (outcome, feature, cur, before) VALUES (?, ?, ?, ?) ON CONFLICT (outcome, feature) DO UPDATE SET cur = cur + excluded.cur, before = before + excluded.before',
          t.outcome, t.feature, t.cur, t.before,
        );
      }
      for (const [day, n] of active) this.trend.addActive(day, n);
    }
  }

  private signatures(): SignatureMatcher {
    return (this.matcher ??= new SignatureMatcher(this.exec<{ sig: string }>('SELECT sig FROM rules ORDER BY sig').toArray().map((r) => r.sig)));
  }

  private conversionsOf(lead: string): { outcome: string; id: string }[] {
    return this.exec<{ outcome: string; id: string }>('SELECT outcome, id FROM conversions WHERE lead = ?', lead).toArray();
  }

  private leadRow(lead: string): LeadRow | null {
    const r = this.exec<{ keys: string; score: number | null; day: number | null; prev_day: number | null }>('SELECT keys, score, day, prev_day FROM leads WHERE lead = ?', lead).toArray()[0];
    return r ? { keys: JSON.parse(r.keys) as string[], score: r.score, day: r.day, prevDay: r.prev_day } : null;
  }

  /** The rules `keys` match, each once. */
  private rulesOf(keys: readonly string[]): Set<string> {
    const rules = new Set<string>();
    for (const k of keys) for (const sig of this.signatures().matching(k)) rules.add(sig);
    return rules;
  }

  /** A lead's features, read from its row. */
  private features(row: LeadRow): string[] {
    return [MEMBER, ...row.keys.map(keyFeature), ...[...this.rulesOf(row.keys)].map(ruleFeature), ...(row.score === null ? [] : [scoreFeature(row.score)])];
  }

  /** Adds to a feature's count of one outcome ('' for every lead). */
  private tally(outcome: string, feature: string, cur: number, before: number): void {
    const key = `${outcome}\n${feature}`;
    const t = this.pending!.tallies.get(key);
    if (t) {
      t.cur += cur;
      t.before += before;
    } else this.pending!.tallies.set(key, { outcome, feature, cur, before });
  }

  /** Counts `feature` of a lead for every lead and for each outcome it converted (`sign` −1: takes it back). */
  private count(feature: string, conv: readonly string[], sign: 1 | -1): void {
    this.tally('', feature, sign, 0);
    for (const o of conv) this.tally(o, feature, sign, 0);
  }

  /** One lead's report: what is new in it changes its row (one write) and the counts. */
  private noteOne(lead: string, r: LeadReport, now: number): void {
    const conv = this.conversionsOf(lead).map((c) => c.outcome);
    const old = this.leadRow(lead);
    const row: LeadRow = old ? { ...old, keys: [...old.keys] } : { keys: [], score: null, day: null, prevDay: null };
    if (!old) this.count(MEMBER, conv, 1);
    if (r.keys?.length) {
      const had = new Set(row.keys);
      const rules = this.rulesOf(row.keys);
      for (const { key } of r.keys) {
        if (row.keys.length >= MAX_KEYS_PER_LEAD) break;
        if (had.has(key)) continue;
        had.add(key);
        row.keys.push(key);
        this.count(keyFeature(key), conv, 1);
        for (const sig of this.signatures().matching(key)) {
          if (rules.has(sig)) continue;
          rules.add(sig);
          this.count(ruleFeature(sig), conv, 1);
        }
      }
    }
    if (r.score !== undefined) {
      const score = Math.max(0, Math.min(100, Math.round(r.score)));
      if (score !== row.score) {
        if (row.score !== null) this.count(scoreFeature(row.score), conv, -1);
        this.count(scoreFeature(score), conv, 1);
        row.score = score;
      }
    }
    // A lead counts once a day among the active leads; its last two days are kept for a report that comes late.
    if (r.day !== undefined && r.day !== row.day && r.day !== row.prevDay) {
      this.pending!.active.set(r.day, (this.pending!.active.get(r.day) ?? 0) + 1);
      if (row.day === null || r.day > row.day) [row.day, row.prevDay] = [r.day, row.day];
      else if (row.prevDay === null || r.day > row.prevDay) row.prevDay = r.day;
    }
    if (old && row.keys.length === old.keys.length && row.score === old.score && row.day === old.day && row.prevDay === old.prevDay) return;
    this.exec(
      'INSERT INTO leads (lead, keys, score, day, prev_day) VALUES (?, ?, ?, ?, ?) ON CONFLICT (lead) DO UPDATE SET keys = excluded.keys, score = excluded.score, day = excluded.day, prev_day = excluded.prev_day',
      lead, JSON.stringify(row.keys), row.score, row.day, row.prevDay,
    );
  }

  /** Takes a lead out of every count and deletes its row (it has no conversion left when this runs). */
  private dropLead(lead: string): void {
    const row = this.leadRow(lead);
    if (!row) return;
    const conv = this.conversionsOf(lead).map((c) => c.outcome);
    for (const f of this.features(row)) this.count(f, conv, -1);
    this.exec('DELETE FROM leads WHERE lead = ?', lead);
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
    const now = this.leadRow(lead);
    if (now) for (const f of this.features(now)) this.tally(row.outcome, f, 1, 0);
    this.exec('INSERT INTO conversions (outcome, lead, id) VALUES (?, ?, ?)', row.outcome, lead, row.id);
  }

  private unconvert(lead: string, outcome: string, id: string): void {
    const row = this.exec<OutcomeRow>('SELECT * FROM outcomes WHERE id = ?', id).toArray()[0];
    if (row) for (const f of this.beforeFeatures(row)) this.tally(outcome, f, 0, -1);
    const now = this.leadRow(lead);
    if (now) for (const f of this.features(now)) this.tally(outcome, f, -1, 0);
    this.exec('DELETE FROM conversions WHERE outcome = ? AND lead = ?', outcome, lead);
  }

  /** What a converted lead counts with: its keys before the outcome, the rules they match, its score then (and under which rules). */
  private beforeFeatures(row: OutcomeRow): string[] {
    const keys = JSON.parse(row.keys) as string[];
    return [MEMBER, scoreFeature(row.score), revFeature(row.rev), ...keys.map(keyFeature), ...[...this.rulesOf(keys)].map(ruleFeature)];
  }

  private countOutcome(o: { outcome: string; at: number; value: number | null }, sign: 1 | -1): void {
    const value = (o.value ?? 0) * sign;
    this.exec('INSERT INTO outcome_totals (outcome, n, value) VALUES (?, ?, ?) ON CONFLICT (outcome) DO UPDATE SET n = n + excluded.n, value = value + excluded.value', o.outcome, sign, value);
    this.trend.outcome(Math.floor(o.at / DAY_MS), o.outcome, sign, value);
  }

  /** Counts a rule's `when` over every lead and conversion so far (once, when a rule first needs it). */
  private countRule(sig: string): void {
    const m = new SignatureMatcher([sig]);
    const matched = new Set<string>();
    for (const r of this.exec<{ lead: string; keys: string }>('SELECT lead, keys FROM leads')) {
      if ((JSON.parse(r.keys) as string[]).some((k) => m.covers(k))) matched.add(r.lead);
    }
    const counts = new Map<string, { cur: number; before: number }>([['', { cur: matched.size, before: 0 }]]);
    const at = (o: string) => counts.get(o) ?? counts.set(o, { cur: 0, before: 0 }).get(o)!;
    for (const r of this.exec<{ outcome: string; lead: string; keys: string }>('SELECT c.outcome AS outcome, c.lead AS lead, o.keys AS keys FROM conversions c JOIN outcomes o ON o.id = c.id')) {
      if (matched.has(r.lead)) at(r.outcome).cur++;
      if ((JSON.parse(r.keys) as string[]).some((k) => m.covers(k))) at(r.outcome).before++;
    }
    for (const [outcome, c] of counts) {
      if (!c.cur && !c.before) continue;
      this.exec('INSERT INTO tallies (outcome, feature, cur, before) VALUES (?, ?, ?, ?) ON CONFLICT (outcome, feature) DO UPDATE SET cur = excluded.cur, before = excluded.before', outcome, ruleFeature(sig), c.cur, c.before);
    }
    this.exec('INSERT OR IGNORE INTO rules (sig) VALUES (?)', sig);
  }
}
