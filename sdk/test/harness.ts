// Test harness for the SDK in happy-dom: a model of the collector that stores each event once by its id (as
// collector/src/storage/EventLog.ts does with INSERT OR IGNORE), a fetch and a sendBeacon that reach it, and
// the page's lifecycle (visibility, the next page load, the head snippet).
import { readFileSync } from 'node:fs';
import { expect, vi } from 'vitest';
import { createClient, type Client } from '../src/createClient';
import type { LpEvent, Score } from '../src/types';

/** The collector's origin in tests. */
export const API = 'https://collector.test';

/** One request the SDK made, as the collector would receive it. */
export interface Sent {
  via: 'fetch' | 'beacon';
  url: string;
  /** The Content-Type a browser sends for this body (a string body: text/plain, no CORS preflight). */
  contentType: string | null;
  keepalive?: boolean;
  body: { site: string; visitor: string; events: LpEvent[] };
}

/** How the modelled collector behaves. */
export type Mode = 'up' | 'error500' | 'busy429' | 'offline' | 'hang';

/** A model of `POST /v1/collect`: validates, stores each event id once, answers the score. */
export const collector = {
  mode: 'up' as Mode,
  /** Every request the SDK made, in order (a beacon sent while the collector is down is lost). */
  requests: [] as Sent[],
  /** Stored events by id: a resent event is counted once. */
  stored: new Map<string, LpEvent>(),
  /** Requests held open while the mode is 'hang'; `release()` answers them. */
  hung: [] as (() => void)[],
  /** Events the collector refuses with 400 (SPEC.md §4: the whole batch). */
  invalid: (e: LpEvent): boolean => e.type == 'event' && String(e.name).length > 64,
  /** The score of the reply, from what is stored. */
  score: (): Score => ({ score: collector.stored.size, band: 'cold' }),

  /** Stores a batch; the status the collector answers. */
  receive(body: Sent['body']): number {
    if (body.events.length < 1 || body.events.length > 50) return 400;
    if (body.events.some((e) => collector.invalid(e))) return 400;
    for (const e of body.events) if (!collector.stored.has(e.id)) collector.stored.set(e.id, e);
    return 200;
  },

  /** Every stored event of a type, oldest first. */
  of(type: LpEvent['type']): LpEvent[] {
    return [...collector.stored.values()].filter((e) => e.type == type).sort((a, b) => a.ts - b.ts);
  },

  /** Every event id sent, counting resends. */
  sentIds(): string[] {
    return collector.requests.flatMap((r) => r.body.events.map((e) => e.id));
  },

  /** Answers the requests held open by 'hang' (as the collector does once it recovers). */
  release(): void {
    for (const answer of collector.hung.splice(0)) answer();
  },

  reset(): void {
    collector.mode = 'up';
    collector.requests = [];
    collector.stored = new Map();
    collector.hung = [];
    collector.invalid = (e) => e.type == 'event' && String(e.name).length > 64;
    collector.score = () => ({ score: collector.stored.size, band: 'cold' });
  },
};

const contentTypeOf = (body: string) => new Request(API, { method: 'POST', body }).headers.get('content-type');

/** A fetch that reaches the modelled collector. */
export const fakeFetch = vi.fn(async (url: string, init: RequestInit): Promise<Response> => {
  const body = JSON.parse(init.body as string) as Sent['body'];
  collector.requests.push({ via: 'fetch', url, contentType: contentTypeOf(init.body as string), keepalive: init.keepalive, body });
  const answer = (): Response => {
    const status = collector.receive(body);
    return status == 200
      ? new Response(JSON.stringify(collector.score()), { headers: { 'Content-Type': 'application/json' } })
      : new Response(JSON.stringify({ error: { code: 'invalid_payload', message: 'events[0]: bad' } }), { status });
  };
  switch (collector.mode) {
    case 'offline':
      throw new TypeError('Failed to fetch');
    case 'error500':
      return new Response('{"error":{"code":"internal","message":"down"}}', { status: 500 });
    case 'busy429':
      return new Response('{"error":{"code":"rate_limited","message":"slow down"}}', { status: 429 });
    case 'hang':
      // The collector got the request but answers only later (a timeout from the page's point of view).
      return new Promise((resolve) => collector.hung.push(() => resolve(answer())));
    default:
      return answer();
  }
});

/** A sendBeacon that reaches the modelled collector when it is up (the browser never tells the page). */
export const fakeBeacon = vi.fn((url: string, data: string): boolean => {
  const body = JSON.parse(data) as Sent['body'];
  collector.requests.push({ via: 'beacon', url, contentType: typeof data == 'string' ? contentTypeOf(data) : null, body });
  if (collector.mode == 'up') collector.receive(body);
  return true;
});

// Shared by every copy of this module (tests that reload the SDK get a new copy): old pages must go quiet.
const clients: Client[] = ((globalThis as { lpTestClients?: Client[] }).lpTestClients ??= []);

/** Runs `fn`, ignoring the errors of a hostile localStorage. */
const tolerate = <T>(fn: () => T): T | undefined => {
  try {
    return fn();
  } catch {
    return undefined;
  }
};

/** Navigator flags a test may turn on. */
export interface Browser {
  webdriver?: boolean;
  globalPrivacyControl?: boolean;
  doNotTrack?: string | null;
}

const setNavigator = (b: Browser) => {
  // happy-dom reports navigator.webdriver === true, which makes the SDK (rightly) stay silent.
  Object.defineProperty(navigator, 'webdriver', { value: b.webdriver ?? false, configurable: true });
  Object.defineProperty(navigator, 'globalPrivacyControl', { value: b.globalPrivacyControl, configurable: true });
  Object.defineProperty(navigator, 'doNotTrack', { value: b.doNotTrack ?? null, configurable: true });
  Object.defineProperty(navigator, 'sendBeacon', { value: fakeBeacon, configurable: true, writable: true });
};

/** The head snippet of the demo pages (the README's), as the browser runs it before first paint. */
export const HEAD_SNIPPET = /<script>(window\.lp=.*?)<\/script>/.exec(readFileSync('demo-site/index.html', 'utf8'))![1]!;

/** Shows or hides the page (tab switch, minimize, navigation away). */
export function setHidden(hidden: boolean): void {
  Object.defineProperty(document, 'hidden', { value: hidden, configurable: true });
  Object.defineProperty(document, 'visibilityState', { value: hidden ? 'hidden' : 'visible', configurable: true });
  document.dispatchEvent(new Event('visibilitychange', { bubbles: true }));
}

/** A fresh browser: empty storage, the collector up, fake clock and timers. */
export function freshBrowser(b: Browser = {}): void {
  for (const c of clients.splice(0)) c.consent(false);
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'], now: new Date('2025-11-20T09:00:00Z') });
  tolerate(() => localStorage.clear());
  collector.reset();
  fakeFetch.mockClear();
  fakeBeacon.mockClear();
  vi.stubGlobal('fetch', fakeFetch);
  setNavigator(b);
  Object.defineProperty(document, 'hidden', { value: false, configurable: true });
  Object.defineProperty(document, 'visibilityState', { value: 'visible', configurable: true });
  document.documentElement.className = '';
}

/**
 * Loads a page at `path`: the previous page's SDK goes away (its storage stays), the head snippet runs,
 * then the SDK starts.
 */
export function loadPage(path: string, opts: { consentRequired?: boolean; title?: string } = {}): Client {
  const kept = tolerate(() => ({ ...localStorage })) ?? {};
  // consent(false) is the one way to silence an instance; it also forgets, so storage is put back.
  for (const c of clients) c.consent(false);
  tolerate(() => {
    localStorage.clear();
    for (const [k, v] of Object.entries(kept)) localStorage.setItem(k, v as string);
  });
  history.replaceState(null, '', path);
  document.title = opts.title ?? `Page ${path}`;
  document.documentElement.className = '';
  new Function(HEAD_SNIPPET)();
  const client = createClient('demo', API, opts.consentRequired);
  clients.push(client);
  return client;
}

/** Lets timers (the 50 ms batching) and the promise chains of replies run. */
export async function settle(ms = 200): Promise<void> {
  await vi.advanceTimersByTimeAsync(ms);
}

/** Dispatches a click (or another mouse event) on `el`; returns the event. */
export function click(el: Element, init: MouseEventInit & { type?: string } = {}): MouseEvent {
  const e = new MouseEvent(init.type ?? 'click', { bubbles: true, cancelable: true, button: 0, ...init });
  el.dispatchEvent(e);
  return e;
}

/** Adds HTML to the body; returns the first element. */
export function html(markup: string): HTMLElement {
  document.body.innerHTML = markup;
  return document.body.firstElementChild as HTMLElement;
}

/** Every event the page sent, counting resends, in order. */
export const sentEvents = (): LpEvent[] => collector.requests.flatMap((r) => r.body.events);

/** Asserts that every event sent so far was stored exactly once and nothing else was stored. */
export function expectExactlyOnce(expected: number): void {
  const ids = new Set(collector.sentIds());
  expect(collector.stored.size).toBe(expected);
  for (const id of collector.stored.keys()) expect(ids.has(id)).toBe(true);
}
