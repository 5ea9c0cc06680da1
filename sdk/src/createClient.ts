// The SDK's core: records signals, keeps them in an outbox until the collector confirms them, and
// applies the score each reply carries. Everything touching the page is guarded: it never throws.
import { applyBand, type Band } from './applyBand';
import { randomId } from './randomId';
import { load, store } from './storage';
import type { LpEvent, Options, Props, Score } from './types';

const VISIT_GAP = 30 * 60e3;
const OUTBOX_MAX = 200;
const BATCH_MAX = 50;
const FILES = /\.(pdf|xlsx?|docx?|txt|rtf|csv|exe|key|pps|pptx?|7z|pkg|rar|gz|zip|avi|mov|mp4|mpe?g|wmv|midi?|mp3|wav|wma|dmg)$/i;

/** The API an instance offers; the `lp(...)` commands map onto it. */
export interface Client {
  track(name: string, props?: Props): void;
  identify(lead: string, traits?: Props): void;
  consent(granted: boolean): void;
  score(cb: (s: Score) => void): void;
}

/** Starts the SDK on this page. */
export const createClient = (o: Options): Client => {
  const w = window;
  const d = document;
  const n = navigator as Navigator & { globalPrivacyControl?: boolean };
  const url = (o.api || '') + '/v1/collect';
  const off = n.webdriver || n.globalPrivacyControl || (n.doNotTrack || (w as { doNotTrack?: string }).doNotTrack) == '1';
  const listeners: ((s: Score) => void)[] = [];
  let allowed = !o.consentRequired || load('lp_consent') == '1';
  let visitor: string | null = null;
  let outbox: LpEvent[] = [];
  let sending = false;
  let lastPath: string | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let retryDelay = 1e3;
  let shownAt = Date.now();
  let engagedMs = 0;

  const cached = (): Score => {
    try {
      return JSON.parse(load('lp_score')!) || { score: 0, band: 'cold' };
    } catch {
      return { score: 0, band: 'cold' };
    }
  };

  const save = () => store('lp_out', JSON.stringify(outbox));

  const body = (events: LpEvent[]) => JSON.stringify({ site: o.site, visitor, events });

  const received = (s: Score) => {
    store('lp_score', JSON.stringify(s));
    applyBand(s.band);
    listeners.forEach((cb) => {
      try {
        cb(s);
      } catch {
        /* a listener's error is its own */
      }
    });
  };

  /** Sends what waits in the outbox with fetch; confirmed events leave it, failures retry later. */
  const flush = () => {
    clearTimeout(timer);
    if (sending || !outbox.length || !visitor) return;
    const batch = outbox.slice(0, BATCH_MAX);
    sending = true;
    fetch(url, { method: 'POST', body: body(batch), keepalive: true, headers: { 'Content-Type': 'text/plain' } })
      .then((r) => {
        if (r.status >= 500 || r.status == 429) throw 0;
        // A 4xx means the batch can never succeed: drop it rather than resend it forever.
        const ids = batch.map((e) => e.id);
        outbox = outbox.filter((e) => !ids.includes(e.id));
        save();
        retryDelay = 1e3;
        if (r.ok) return (r.json() as Promise<Score>).then(received);
      })
      .catch(() => {
        timer = setTimeout(flush, (retryDelay = Math.min(retryDelay * 2, 6e4)));
      })
      .finally(() => {
        sending = false;
        if (outbox.length && !timer) flush();
      });
  };

  const push = (type: LpEvent['type'], fields?: object) => {
    if (off || !allowed || !visitor) return;
    const now = Date.now();
    if (type == 'pageview' && now - +(load('lp_last') || 0) > VISIT_GAP) outbox.push({ id: randomId(), type: 'visit', ts: now });
    store('lp_last', '' + now);
    outbox.push({ id: randomId(), type, ts: now, ...fields });
    outbox = outbox.slice(-OUTBOX_MAX);
    save();
    clearTimeout(timer);
    timer = setTimeout(flush, 50);
  };

  const pageview = () => {
    const path = location.pathname;
    if (path != lastPath) push('pageview', { path: (lastPath = path), title: d.title, referrer: d.referrer || undefined });
  };

  const hidden = () => {
    if (d.visibilityState == 'hidden') {
      engagedMs += Date.now() - shownAt;
      if (engagedMs > 0 && visitor && allowed && !off) {
        push('engaged', { path: location.pathname, ms: engagedMs });
        engagedMs = 0;
        clearTimeout(timer);
        // The browser never confirms a beacon: the events stay in the outbox and go again next time.
        try {
          n.sendBeacon(url, body(outbox.slice(0, BATCH_MAX))) || flush();
        } catch {
          flush();
        }
      }
    } else shownAt = Date.now();
  };

  const click = (e: MouseEvent) => {
    const t = e.target as Element;
    const a = t.closest && (t.closest('a') as HTMLAnchorElement | null);
    if (a && a.href && (a.hasAttribute('download') || FILES.test(a.href.split(/[?#]/)[0]!))) push('download', { url: a.href });
    const el = t.closest && t.closest('[data-lp-event]');
    if (el && el.tagName != 'FORM' && e.type == 'click') push('event', { name: el.getAttribute('data-lp-event') });
  };

  const start = () => {
    visitor = load('lp_vid') || randomId();
    store('lp_vid', visitor);
    try {
      outbox = JSON.parse(load('lp_out')!) || [];
    } catch {
      outbox = [];
    }
    pageview();
  };

  try {
    applyBand(cached().band);
    for (const m of ['pushState', 'replaceState'] as const) {
      const orig = history[m];
      history[m] = function (this: History, ...args: Parameters<History['pushState']>) {
        orig.apply(this, args);
        try {
          pageview();
        } catch {
          /* ignore */
        }
      };
    }
    w.addEventListener('popstate', pageview);
    d.addEventListener('click', click, true);
    d.addEventListener('auxclick', click, true);
    d.addEventListener('submit', (e) => {
      const f = (e.target as Element).closest('form[data-lp-event]');
      if (f) push('event', { name: f.getAttribute('data-lp-event') });
    }, true);
    d.addEventListener('visibilitychange', hidden);
    w.addEventListener('pagehide', () => hidden());
    w.addEventListener('online', flush);
    if (allowed && !off) start();
  } catch {
    /* never into the host page */
  }

  return {
    track: (name, props) => push('event', { name, props }),
    identify: (lead, traits) => push('identify', { lead, traits }),
    consent: (granted) => {
      if (granted) {
        if (!allowed) {
          allowed = true;
          store('lp_consent', '1');
          if (!off) start();
        }
      } else {
        allowed = false;
        visitor = null;
        outbox = [];
        for (const k of ['lp_vid', 'lp_out', 'lp_last', 'lp_score', 'lp_band', 'lp_consent']) store(k, null);
      }
    },
    score: (cb) => {
      listeners.push(cb);
      try {
        cb(cached());
      } catch {
        /* ignore */
      }
    },
  };
};

export type { Band };
