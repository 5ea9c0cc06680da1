// The SDK's core: records the implicit signals, keeps them in an outbox in localStorage until a reply
// confirms them, and applies the score each reply carries. Every entry point is guarded: it never throws.
import { applyBand } from './applyBand.js';
import { guard } from './guard.js';
import { randomId } from './randomId.js';
import { kv, storage } from './storage.js';
import type { Band, IdentifyOptions, LpEvent, Props, Score, Vitals } from './types.js';

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
  identify(lead: string, traits?: Props, options?: IdentifyOptions): void;
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
  let ok = !off && (!consentRequired || kv('lp_consent') == '1');
  let visitor: string;
  /** The outbox when localStorage is unavailable; otherwise the stored one is shared by every tab. */
  let mem: LpEvent[] = [];
  let timer: ReturnType<typeof setTimeout> | undefined;
  /** After a refused batch, its events go one per request: one bad event cannot take the others with it. */
  let solo = 0;
  let lastPath: string;
  /** Engaged time: `active` is the last input while visible (0 while hidden), `ms` the sum so far. */
  let active = 0;
  let ms = 0;

  // None stored, or storage unavailable: the one in memory. (Only this SDK writes lp_out, always JSON; something
  // else that did would make this throw, which every entry point's guard catches, until consent(false) clears it.)
  const outbox = (): LpEvent[] => (ok && JSON.parse((kv('lp_out') || 0) as string)) || mem;

  const save = (list: LpEvent[]) => kv('lp_out', JSON.stringify((mem = list)));

  /**
   * Sends the newest events of the outbox, as many as one request takes. While the page is visible: with
   * fetch, whose reply confirms the batch and carries the score. At hide (`hide` set, page hidden): with the
   * beacon, whose delivery the browser never confirms, so its events stay in the outbox; without sendBeacon,
   * or when its queue is full, fetch with keepalive also outlives the page. A hidden page's other batches
   * wait for the beacon (or the next visible moment).
   */
  const flush = async (hide?: unknown) => {
    try {
      timer = clearTimeout(timer) as undefined;
      const batch = outbox().slice(solo ? -1 : -BATCH_MAX);
      const sent = JSON.stringify({ site, visitor, events: batch });
      // Two requests in flight at once may carry the same events: harmless, the collector counts an event id once.
      if (!batch[0] || (d.hidden && (!hide || n.sendBeacon?.(url, sent)))) return;
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
      if (r.ok) {
        const s: Score = await r.json();
        if (ok) {
          kv('lp_score', s.score);
          kv('lp_band', s.band);
          applyBand(s.band);
          for (const cb of listeners) guard(cb)(s);
        }
      }
    } catch {
      // Offline, refused or down: the events wait in the outbox for the next attempt — the next signal, the
      // browser back online, the page shown again or hidden (beacon), or the next page. No retry timer:
      // nothing hammers a collector that is down.
    }
  };

  const push = (type: LpEvent['type'], fields?: object, passive?: 1) => {
    if (ok) {
      const ts = Date.now();
      const list = outbox();
      // Engaged time and vitals come at hide without the visitor doing anything: they do not extend a visit.
      passive || kv('lp_last', ts);
      list.push({ ...fields, id: randomId(), type, ts });
      save(list.slice(-OUTBOX_MAX));
      timer ||= setTimeout(flush, 50);
    }
  };

  /** Adds the time since the last input (at most IDLE) while visible. */
  const input = () => {
    const now = Date.now();
    ms += active && Math.min(now - active, IDLE);
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
      // The first pageview after VISIT_GAP without a signal starts a visit; `!(gap < VISIT_GAP)` is also true
      // when no signal was ever recorded (NaN).
      if (!(Date.now() - (kv('lp_last') as unknown as number) < VISIT_GAP)) push('visit');
      push('pageview', { path, referrer: d.referrer });
      lastPath = path;
    }
  };

  const start = () => {
    kv('lp_vid', (visitor = kv('lp_vid') || randomId()));
    lastPath = '';
    pageview();
  };

  // (Locals as default parameters: a listener gets one argument.)
  const click = (e: MouseEvent | SubmitEvent, t = e.target as Element, a = t.closest('a'), el = t.closest<HTMLElement>('[data-lp-event]')) => {
    // Middle-clicks (auxclick) and modified clicks count; right-clicks do not.
    if ((e as MouseEvent).button > 1) return;
    // Plausible's list of file extensions (plausible/analytics tracker/src/plausible.js), tested on the
    // pathname: case-insensitive, no query, no hash.
    if (a && (a.hasAttribute('download') || /\.(pdf|xlsx?|docx?|txt|rtf|csv|exe|key|pps|pptx?|7z|pkg|rar|gz|zip|avi|mov|mp4|mpe?g|wmv|midi?|mp3|wav|wma|dmg)$/i.test(a.pathname))) push('download', { url: a.href });
    // A form's event is its submit; any other element's is its click.
    if (el && (el.tagName == 'FORM') == (e.type == 'submit')) push('event', { name: el.dataset.lpEvent });
  };

  // On window. Capture (the default here), so no page can hide its clicks and scrolls; but a visibilitychange
  // in the bubble phase, so it reaches the core after every other listener (the vitals add-on's on document,
  // web-vitals' own) has run.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const on = (types: string, fn: (e: any) => void, capture: unknown = 1) =>
    types.split(' ').map((type) => w.addEventListener(type, guard(fn), capture as boolean));

  const page = guard(pageview);
  for (const m of ['pushState', 'replaceState'] as const) {
    const orig = history[m];
    history[m] = (...args: Parameters<History['pushState']>) => {
      orig.apply(history, args);
      page();
    };
  }
  on('popstate', pageview);
  on('click auxclick submit', click);
  on('pointerdown pointermove keydown scroll', input);
  // Every supported browser fires visibilitychange → hidden before pagehide, on navigation and close too
  // (https://developer.chrome.com/docs/web-platform/page-lifecycle-api; web-vitals v5 dropped pagehide).
  on(
    'visibilitychange',
    () => {
      engaged();
      flush(1);
    },
    0,
  );
  on('online', flush);
  input();
  if (ok) start();

  return {
    track: (name, props) => push('event', { name, props }),
    // The site's server's signature of the lead id goes as `sig` (JSON.stringify drops it when absent).
    identify: (lead, traits, o) => push('identify', { lead, traits, sig: o && o.signature }),
    vitals: (v) => push('vitals', v as unknown as Record<string, unknown>, 1),
    consent: (granted) => {
      if (granted) {
        if (!ok && !off) {
          ok = true;
          kv('lp_consent', 1);
          start();
        }
        return;
      }
      ok = false;
      mem = [];
      applyBand('cold');
      // Forget the visitor: every `lp_*` key goes.
      for (const key in storage) if (/^lp_/.test(key)) delete storage![key];
    },
    score: (cb) => {
      listeners.push(cb);
      // The cache holds only what the collector sent (the head snippet validates what it puts in a class).
      guard(cb)({ score: +kv('lp_score')! || 0, band: (kv('lp_band') as Band) || 'cold' });
    },
  };
};
