// The dashboard's script, served as /dashboard/app.js: wires the page (collector/dashboard/index.html) to the
// marketer API. Sign-in keeps the token in this tab's session storage; the overview shows band counts, the score
// distribution, top leads and Web Vitals; a lead opens below with its contributions and timeline.
import { ApiError, createApi } from './api';
import { append, byId, clear, el } from './dom';
import { drawContributions } from './drawContributions';
import { drawHistogram } from './drawHistogram';
import { formatNumber } from './formatNumber';
import { leadRow, type LeadKind } from './leadRow';
import { queryString } from './queryString';
import { session } from './session';
import { timeAgo } from './timeAgo';
import { timelineItems } from './timelineItems';
import { timelineStrip } from './timelineStrip';
import type { Bands, LeadDetail, LeadPage, Stats, VitalsReport } from './types';
import { vitalsRow } from './vitalsRow';

const TOKEN_KEY = 'leadpulse.token';
const SITE_KEY = 'leadpulse.site';

const state: { site: string; band: string; cursor: string | null; bands: Bands; lead: LeadDetail | null } = {
  site: 'demo',
  band: '',
  cursor: null,
  bands: { warm: 40, hot: 80 },
  lead: null,
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
    state.bands = (await api.json<{ bands: Bands }>(`/v1/sites/${encodeURIComponent(state.site)}/config`)).bands;
    await Promise.all([loadStats(), loadLeads(false), loadVitals()]);
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
    replaceChildren('lead-traits', Object.entries(lead.traits).flatMap(([k, v]) => [el('dt', {}, k), el('dd', {}, String(v))]));
    replaceChildren('contributions', drawContributions(lead));
    replaceChildren('timeline', timelineItems(lead.events));
    replaceChildren('timeline-strip', timelineStrip(lead.events));
    byId('lead').scrollIntoView({ block: 'nearest' });
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
  byId('signout').addEventListener('click', () => signOut(''));
  if (session.get(TOKEN_KEY)) signedIn();
  else signOut('');
}

start();
