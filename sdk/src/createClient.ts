// The SDK's core: records the implicit signals, keeps them in an outbox in localStorage until a reply
// confirms them, and applies the score each reply carries. Every entry point is guarded: it never throws.
import { applyBand } from './applyBand';
import { guard } from './guard';
import { randomId } from './randomId';
import { forget, load, storage, store } from './storage';
import type { Band, LpEvent, Props, Score, Vitals } from './types';

/** A pageview after this long without a signal starts a visit. */
const VISIT_GAP = 30 * 60e3;
/** Time after an input during which the visitor still counts as engaged (reading). */
const IDLE = 15e3;
/** Most events the outbox keeps (the oldest go first). */
const OUTBOX_MAX = 200;
/** Most events per request: 20 events of bounded size stay under the 16 KiB body limit (SPEC.md §4). */
const BATCH_MAX = 20;

/** The API an instance offers; the `lp(...)` commands map onto it. */
export interface Client {
  track(name: string, props?: Props): void;
  identify(lead: string, traits?: Props): void;
  consent(granted: boolean): void;
  score(cb: (s: Score) => void): void;
  /** Used by the vitals add-on: queues the page's Web Vitals for the batch sent on hide. */
  vitals(v: Vitals): void;
}

/** Starts the SDK on this page: `api` is the collector's origin ('' for this page's own). */
export const createClient = (site: string, api: string, consentRequired?: boolean): Client => {
  const w = window;
  const d = document;
  const n = navigator as Navigator & { globalPrivacyControl?: boolean };
  const url = api + '/v1/collect';
  // Bots, Global Privacy Control and Do Not Track: nothing is sent or stored, ever.
  const off = n.webdriver || n.globalPrivacyControl || n.doNotTrack == '1';
  const listeners: ((s: Score) => void)[] = [];
  /** Whether this page may store and send (no opt-out, consent given where required). */
  let ok = !off && (!consentRequired || load('lp_consent') == '1');
  let visitor: string;
  /** The outbox when localStorage is unavailable; otherwise the stored one is shared by every tab. */
  let mem: LpEvent[] = [];
  let timer: ReturnType<typeof setTimeout> | 0 = 0;
  /** After a refused batch, its events go one per request: one bad event cannot take the others with it. */
  let solo = 0;
  let lastPath: string;
  /** Engaged time: `active` is the last input while visible (0 while hidden), `ms` the sum so far. */
  let active = 0;
  let ms = 0;

  const outbox = (): LpEvent[] => {
    try {
      if (ok) return JSON.parse(storage!.lp_out);
    } catch {
      /* none stored, or storage unavailable */
    }
    return mem;
  };

  const save = (list: LpEvent[]) => store('lp_out', JSON.stringify((mem = list)));

  /** The newest events, as many as one request takes. */
  const pack = () => outbox().slice(solo ? -1 : -BATCH_MAX);

  const body = (events: LpEvent[]) => JSON.stringify({ site, visitor, events });

  const received = (s: Score) => {
    if (!ok) return;
    store('lp_score', s.score);
    store('lp_band', s.band);
    applyBand(s.band);
    listeners.map((cb) => guard(cb)(s));
  };

  /** Sends the outbox with fetch while the page is visible; a reply confirms the batch and carries the score. */
  const flush = guard(async (force?: unknown) => {
    clearTimeout(timer);
    timer = 0;
    const batch = pack();
    // A hidden page's events go with the beacon (or at the next visible moment). Two requests in flight at
    // once may carry the same events: harmless, the collector counts an event id once.
    if (!batch[0] || (d.hidden && !force)) return;
    try {
      const sent = body(batch);
      // No timeout of our own: a request that hangs blocks nothing, its events go with the next batch.
      const r = await fetch(url, { method: 'POST', body: sent, keepalive: true });
      const status = r.status;
      // The collector is down or busy: the batch stays for the next attempt.
      if (status > 499 || status == 429) return;
      // A batch refused with a 4xx: its events again, one per request. Otherwise the batch was confirmed, or
      // refused for good (a single event a 4xx refuses cannot succeed later): out of the outbox.
      if (status > 399 && batch[1]) solo = batch.length;
      else {
        if (solo) solo--;
        if (ok) save(outbox().filter((e) => !sent.includes(e.id)));
      }
      // More waiting (after time offline, or one by one): on with the next batch.
      timer || flush();
      if (r.ok) received(await r.json());
    } catch {
      // Offline, refused or down: the events wait in the outbox for the next attempt — the next signal, the
      // browser back online, the page shown again or hidden (beacon), or the next page. No retry timer:
      // nothing hammers a collector that is down.
    }
  });

  const push = (type: LpEvent['type'], fields: Record<string, unknown>, passive?: 1) => {
    if (!ok) return;
    const ts = Date.now();
    const list = outbox();
    // `!(gap < VISIT_GAP)` is also true when no signal was ever recorded (NaN).
    if (type == 'pageview' && !(ts - (load('lp_last') as unknown as number) < VISIT_GAP)) list.push({ id: randomId(), type: 'visit', ts });
    // Engaged time and vitals come at hide without the visitor doing anything: they do not extend a visit.
    passive || store('lp_last', ts);
    list.push({ ...fields, id: randomId(), type, ts });
    save(list.slice(-OUTBOX_MAX));
    timer ||= setTimeout(flush, 50);
  };

  /** Adds the time since the last input (at most IDLE) while visible. */
  const input = () => {
    const now = Date.now();
    if (active) ms += Math.min(now - active, IDLE);
    active = d.hidden ? 0 : now;
  };

  /** Sends the engaged time of the current path, if any. */
  const engaged = () => {
    input();
    if (ms && lastPath) push('engaged', { path: lastPath, ms }, 1);
    ms = 0;
  };

  const pageview = () => {
    const path = location.pathname;
    if (path != lastPath) {
      engaged();
      push('pageview', { path, referrer: d.referrer });
      lastPath = path;
    }
  };

  const start = () => {
    visitor = load('lp_vid') || randomId();
    store('lp_vid', visitor);
    lastPath = '';
    pageview();
  };

  const click = (e: MouseEvent | SubmitEvent) => {
    // Middle-clicks (auxclick) and modified clicks count; right-clicks do not.
    if ((e as MouseEvent).button > 1) return;
    const t = e.target as Element;
    const a = t.closest('a');
    const el = t.closest('[data-lp-event]') as HTMLElement | null;
    // Plausible's list of file extensions (plausible/analytics tracker/src/plausible.js), tested on the
    // pathname: case-insensitive, no query, no hash.
    if (a && (a.hasAttribute('download') || /\.(pdf|xlsx?|docx?|txt|rtf|csv|exe|key|pps|pptx?|7z|pkg|rar|gz|zip|avi|mov|mp4|mpe?g|wmv|midi?|mp3|wav|wma|dmg)$/i.test(a.pathname))) push('download', { url: a.href });
    // A form's event is its submit; any other element's is its click.
    if (el && (el.tagName == 'FORM') == (e.type == 'submit')) push('event', { name: el.dataset.lpEvent });
  };

  // On document: capture, so no page can hide its clicks and scrolls. On window: bubble, so a visibilitychange
  // reaches the core after every other listener (the vitals add-on's, web-vitals' own) has run.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const on = (type: string, fn: (e: any) => void, target: EventTarget = d) => target.addEventListener(type, guard(fn), target == d);

  const page = guard(pageview);
  for (const m of ['pushState', 'replaceState'] as const) {
    const orig = history[m];
    history[m] = (...args: Parameters<History['pushState']>) => {
      orig.apply(history, args);
      page();
    };
  }
  on('popstate', pageview, w);
  for (const type of ['click', 'auxclick', 'submit']) on(type, click);
  for (const type of ['pointerdown', 'pointermove', 'keydown', 'scroll']) on(type, input);
  const hide = () => {
    engaged();
    if (!d.hidden) return flush();
    const events = pack();
    // The batch at hide goes as a beacon; the browser never confirms it, so it stays in the outbox. Without
    // sendBeacon, or when its queue is full, fetch with keepalive also outlives the page.
    if (events[0]) n.sendBeacon?.(url, body(events)) || flush(1);
  };
  // Every supported browser fires visibilitychange → hidden before pagehide, on navigation and close too
  // (https://developer.chrome.com/docs/web-platform/page-lifecycle-api; web-vitals v5 dropped pagehide).
  on('visibilitychange', hide, w);
  on('online', flush, w);
  input();
  if (ok) start();

  return {
    track: (name, props) => push('event', { name, props }),
    identify: (lead, traits) => push('identify', { lead, traits }),
    vitals: (v) => push('vitals', v as unknown as Record<string, unknown>, 1),
    consent: (granted) => {
      if (granted) {
        if (!ok && !off) {
          ok = true;
          store('lp_consent', 1);
          start();
        }
        return;
      }
      ok = false;
      mem = [];
      forget();
      applyBand('cold');
    },
    score: (cb) => {
      listeners.push(cb);
      // The cache holds only what the collector sent (the head snippet validates what it puts in a class).
      guard(cb)({ score: +load('lp_score')! || 0, band: (load('lp_band') as Band) || 'cold' });
    },
  };
};
