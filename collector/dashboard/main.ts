// The dashboard's script, served as /dashboard/app.js: wires the page (collector/dashboard/index.html) to the
// marketer API. Sign-in keeps the token in this tab's session storage; the overview shows band counts, the score
// distribution, top leads and Web Vitals; a lead opens below with its contributions and timeline; insights show
// what outcomes say about the rules (with an explicit "apply"), how well lead confidence is calibrated, and the
// trend of scores and bands.
import { ApiError, createApi } from './api';
import { applySuggestions, describePicks, type Picks } from './applySuggestions';
import { append, byId, clear, el } from './dom';
import { drawContributions } from './drawContributions';
import { drawHistogram } from './drawHistogram';
import { drawReliability } from './drawReliability';
import { drawTrend } from './drawTrend';
import { formatNumber } from './formatNumber';
import { formatPercent } from './formatPercent';
import { liftRow } from './liftRow';
import { leadRow, type LeadKind } from './leadRow';
import { publishedNote } from './publishedNote';
import { modelsSection } from './modelsSection';
import { queryString } from './queryString';
import { session } from './session';
import { timeAgo } from './timeAgo';
import { timelineItems } from './timelineItems';
import { timelineStrip } from './timelineStrip';
import type { Bands, Insights, LeadDetail, LeadPage, Rule, SiteConfig, Stats, TrendDay, VitalsReport } from './types';
import { vitalsRow } from './vitalsRow';

const TOKEN_KEY = 'leadpulse.token';
const SITE_KEY = 'leadpulse.site';

const state: { site: string; band: string; cursor: string | null; bands: Bands; labels: Map<string, string>; lead: LeadDetail | null; picks: Picks } = {
  site: 'demo',
  band: '',
  cursor: null,
  bands: { warm: 40, hot: 80 },
  labels: new Map(),
  lead: null,
  picks: { points: new Map(), rules: [] },
};

const api = createApi(() => session.get(TOKEN_KEY) || '', signOut);
const input = (id: string) => byId<HTMLInputElement>(id);

/** Errors the sign-in form already shows (a refused token) stay off the banner. */
const shown = (e: unknown) => !(e instanceof ApiError && (e.status === 401 || e.status === 503));

function showError(message: string): void {
  const banner = byId('app-error');
  banner.textContent = message;
  banner.hidden = !message;
}

const report = (e: unknown) => showError((e as Error).message);

function replaceChildren(id: string, children: Node | Node[] | null): void {
  const box = byId(id);
  clear(box);
  append(box, children);
}

// ── Sign in / out ──

function signOut(message: string): void {
  session.set(TOKEN_KEY, null);
  byId('app').hidden = true;
  byId('actions').hidden = true;
  byId('site-form').hidden = true;
  byId('signin').hidden = false;
  byId('signin-error').textContent = message;
  input('token').value = '';
  input('token').focus();
}

function signedIn(): void {
  byId('signin').hidden = true;
  byId('app').hidden = false;
  byId('actions').hidden = false;
  byId('site-form').hidden = false;
  input('site').value = state.site;
  void refresh();
}

// ── Overview ──

async function refresh(): Promise<void> {
  showError('');
  byId('site-name').textContent = `site ${state.site}`;
  try {
    const config = await api.json<{ bands: Bands; rules: Rule[] }>(`/v1/sites/${encodeURIComponent(state.site)}/config`);
    state.bands = config.bands;
    // The names the marketer gave the rules (an optional `label`), shown instead of their ids.
    state.labels = new Map(config.rules.flatMap((r) => (r.label ? [[r.id, r.label] as const] : [])));
    await Promise.all([loadStats(), loadLeads(false), loadVitals(), loadInsights(), loadTrend()]);
    const wanted = location.hash.match(/^#lead=([^&]+)(?:&kind=(lead|visitor))?$/);
    if (wanted) await openLead(decodeURIComponent(wanted[1]!), wanted[2] as LeadKind | undefined);
  } catch (e) {
    if (shown(e)) report(e);
  }
}

async function loadStats(): Promise<void> {
  const stats = await api.json<Stats>(`/v1/stats?${queryString({ site: state.site })}`);
  for (const b of ['hot', 'warm', 'cold'] as const) byId(`count-${b}`).textContent = formatNumber(stats.bands[b]);
  byId('count-total').textContent = formatNumber(stats.total);
  byId('range-hot').textContent = `score ${state.bands.hot}–100`;
  byId('range-warm').textContent = `score ${state.bands.warm}–${state.bands.hot - 1}`;
  byId('range-cold').textContent = `score 0–${state.bands.warm - 1}`;
  replaceChildren('distribution', drawHistogram(stats.histogram, state.bands));
}

async function loadLeads(more: boolean): Promise<void> {
  const params = { site: state.site, band: state.band, limit: 20, cursor: more ? state.cursor : '' };
  const page = await api.json<LeadPage>(`/v1/leads?${queryString(params)}`);
  const rows = byId('lead-rows');
  if (!more) clear(rows);
  append(rows, page.leads.map((lead) => leadRow(lead, (id, kind) => void openLead(id, kind))));
  state.cursor = page.cursor;
  byId('more').hidden = !page.cursor;
  byId('no-leads').hidden = rows.childNodes.length > 0;
}

async function loadVitals(): Promise<void> {
  const report = await api.json<VitalsReport>(`/v1/vitals?${queryString({ site: state.site })}`);
  replaceChildren('vitals-rows', report.paths.map(vitalsRow));
  byId('no-vitals').hidden = report.paths.length > 0;
}

// ── Insights ──

async function loadInsights(): Promise<void> {
  const r = await api.json<Insights>(`/v1/sites/${encodeURIComponent(state.site)}/insights`);
  state.picks = { points: new Map(), rules: [] };
  byId<HTMLButtonElement>('apply').disabled = true;
  byId('insights-outcome').textContent = `outcome: ${r.outcome}`;
  byId('insights-overall').textContent = `${formatNumber(r.overall.conversions)} of ${formatNumber(r.overall.leads)} leads converted (${formatPercent(r.overall.rate)})`;
  byId('insights-scale').textContent = formatNumber(r.scale.pointsPerDoubling, 1);
  byId('insights-reason').textContent = r.overall.reason ?? '';
  byId('insights-reason').hidden = !r.overall.reason;
  const picked = () => (byId<HTMLButtonElement>('apply').disabled = state.picks.points.size + state.picks.rules.length === 0);
  replaceChildren(
    'lift-rows',
    r.rules.map((rule) =>
      liftRow(rule, (on) => {
        if (on) state.picks.points.set(rule.rule, rule.suggestedPoints!);
        else state.picks.points.delete(rule.rule);
        picked();
      }),
    ),
  );
  replaceChildren(
    'candidate-rows',
    r.candidates.map((c) =>
      liftRow(c, (on) => {
        state.picks.rules = state.picks.rules.filter((x) => x !== c.suggestedRule);
        if (on) state.picks.rules.push(c.suggestedRule);
        picked();
      }),
    ),
  );
  byId('no-candidates').hidden = r.candidates.length > 0;
  const cal = r.calibration;
  replaceChildren('reliability', cal.ready ? drawReliability(cal.buckets) : el('p', { class: 'muted' }, `No lead confidence yet: ${cal.reason}.`));
  byId('calibration-note').textContent = cal.ready
    ? `${formatNumber(cal.conversions)} conversions among ${formatNumber(cal.leads)} scored leads. Brier score ${cal.brier!.toFixed(3)} (one rate for every lead: ${cal.baselineBrier!.toFixed(3)}; lower is better); ROC AUC ${cal.auc === null ? '–' : cal.auc.toFixed(2)} (0.5 = a coin toss, 1 = perfect ranking).` +
      (cal.olderScores ? ` ${formatNumber(cal.olderScores)} conversions were scored with earlier rules.` : '')
    : '';
}

async function loadTrend(): Promise<void> {
  const t = await api.json<{ days: TrendDay[] }>(`/v1/sites/${encodeURIComponent(state.site)}/trend?days=30`);
  replaceChildren('trend', drawTrend(t.days));
}

async function applyPicks(): Promise<void> {
  try {
    const path = `/v1/sites/${encodeURIComponent(state.site)}/config`;
    const config = await api.json<SiteConfig>(path);
    const changes = describePicks(config, state.picks);
    if (!changes.length || !confirm(`Save these changes to the rules of ${state.site}?\n\n${changes.join('\n')}\n\nEvery lead is then rescored with them.`)) return;
    await api.call(path, { method: 'PUT', body: JSON.stringify(applySuggestions(config, state.picks)) });
    byId('apply-status').textContent = `Saved ${changes.length} change${changes.length === 1 ? '' : 's'}; leads are being rescored.`;
    await refresh();
  } catch (e) {
    report(e);
  }
}

// ── One lead ──

async function openLead(id: string, kind?: LeadKind): Promise<void> {
  try {
    const lead = await api.json<LeadDetail>(`/v1/leads/${encodeURIComponent(id)}?${queryString({ site: state.site, kind })}`);
    state.lead = lead;
    history.replaceState(null, '', `#lead=${encodeURIComponent(id)}${kind ? `&kind=${kind}` : ''}`);
    byId('lead').hidden = false;
    byId('lead-title').textContent = lead.id;
    byId('lead-score').textContent = String(lead.score);
    byId('lead-band').textContent = lead.band;
    byId('lead-band').className = `pill ${lead.band}`;
    byId('lead-meta').textContent =
      `${lead.identified ? 'Identified lead' : 'Anonymous visitor'} · ${lead.visitorCount} visitor${lead.visitorCount === 1 ? '' : 's'}` +
      ` · ${lead.eventCount} events · first seen ${new Date(lead.firstSeen).toLocaleString()} · last seen ${timeAgo(lead.lastSeen)}`;
    const c = lead.confidence;
    byId('lead-confidence').textContent = c
      ? `Confidence ${formatPercent(c.probability)} of '${c.outcome}': of leads scoring ${c.bucket.from}–${c.bucket.to}, ${formatNumber(c.bucket.conversions)} of ${formatNumber(c.bucket.leads)} converted.`
      : lead.confidenceReason
        ? `No confidence yet: ${lead.confidenceReason}.`
        : '';
    replaceChildren('lead-traits', Object.entries(lead.traits).flatMap(([k, v]) => [el('dt', {}, k), el('dd', {}, String(v))]));
    byId('lead-published').textContent = publishedNote(lead);
    replaceChildren('contributions', drawContributions(lead, state.labels));
    replaceChildren('lead-models', modelsSection(lead));
    replaceChildren('timeline', timelineItems(lead.events));
    replaceChildren('timeline-strip', timelineStrip(lead.events));
    // The detail sits below the list: bring its heading to the top of the window (issue 15).
    byId('lead').scrollIntoView({ block: 'start' });
  } catch (e) {
    if (e instanceof ApiError && e.status === 404) {
      history.replaceState(null, '', location.pathname);
      byId('lead').hidden = true;
    }
    if (shown(e)) report(e);
  }
}

// ── Actions ──

async function exportCsv(): Promise<void> {
  try {
    const blob = await (await api.call(`/v1/leads.csv?${queryString({ site: state.site, band: state.band })}`)).blob();
    const a = el('a', { href: URL.createObjectURL(blob), download: `leads-${state.site}.csv` });
    document.body.appendChild(a);
    a.click();
    setTimeout(() => {
      URL.revokeObjectURL(a.href);
      a.remove();
    }, 1000);
  } catch (e) {
    report(e);
  }
}

async function eraseLead(): Promise<void> {
  const lead = state.lead;
  if (!lead || !confirm(`Erase every trace of ${lead.id}? This cannot be undone.`)) return;
  try {
    await api.call(`/v1/leads/${encodeURIComponent(lead.id)}?${queryString({ site: state.site, kind: lead.identified ? 'lead' : 'visitor' })}`, { method: 'DELETE' });
    byId('lead').hidden = true;
    state.lead = null;
    history.replaceState(null, '', location.pathname);
    void refresh();
  } catch (e) {
    report(e);
  }
}

function start(): void {
  state.site = session.get(SITE_KEY) || new URLSearchParams(location.search).get('site') || 'demo';
  byId('signin-form').addEventListener('submit', (ev) => {
    ev.preventDefault();
    session.set(TOKEN_KEY, input('token').value.trim());
    signedIn();
  });
  byId('site-form').addEventListener('submit', (ev) => {
    ev.preventDefault();
    state.site = input('site').value.trim();
    session.set(SITE_KEY, state.site);
    byId('lead').hidden = true;
    history.replaceState(null, '', location.pathname);
    void refresh();
  });
  byId('band-filter').addEventListener('click', (ev) => {
    const b = (ev.target as Element).closest('button');
    if (!b) return;
    state.band = b.getAttribute('data-band') ?? '';
    for (const x of byId('band-filter').querySelectorAll('button')) x.setAttribute('aria-pressed', String(x === b));
    loadLeads(false).catch(report);
  });
  byId('more').addEventListener('click', () => loadLeads(true).catch(report));
  byId('refresh').addEventListener('click', () => void refresh());
  byId('export').addEventListener('click', () => void exportCsv());
  byId('erase').addEventListener('click', () => void eraseLead());
  byId('apply').addEventListener('click', () => void applyPicks());
  byId('signout').addEventListener('click', () => signOut(''));
  if (session.get(TOKEN_KEY)) signedIn();
  else signOut('');
}

start();
