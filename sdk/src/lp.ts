// The script-tag build (`lp.js`): reads the tag's data attributes, starts the client, replays the calls
// the head snippet queued (in order), and loads the Web Vitals add-on when asked to.
import { createClient, type Client } from './createClient.js';
import { guard } from './guard.js';

// The head snippet queues `arguments` objects, which are iterable.
type Queue = { (...args: unknown[]): void; q?: Iterable<unknown>[] };

try {
  const w = window as unknown as { lp?: Queue };
  const s = document.currentScript as HTMLScriptElement;
  const data = s.dataset;
  const api = data.api || new URL(s.src).origin;
  const client = createClient(data.site!, api, data.consent == 'required');
  // An unknown command or bad arguments: ignored, like every other error.
  const lp = guard((cmd: keyof Client, ...args: unknown[]) => (client[cmd] as (...a: unknown[]) => void)(...args)) as Queue;
  // A call made while the queue is replayed (by a score callback) joins the queue's end.
  for (const args of w.lp?.q || []) lp(...args);
  w.lp = lp;
  if (data.vitals != null) document.head.appendChild(document.createElement('script')).src = api + '/lp-vitals.js';
} catch {
  /* never into the host page */
}
