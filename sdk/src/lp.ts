// The script-tag build: reads the tag's data attributes, starts the client and replays queued calls.
import { createClient, type Client } from './createClient';

type Command = keyof Client;
type Queue = { (...args: unknown[]): void; q?: ArrayLike<unknown>[] };

try {
  const s = document.currentScript as HTMLScriptElement;
  const data = s.dataset;
  const client = createClient({ site: data.site!, api: data.api || new URL(s.src).origin, consentRequired: data.consent == 'required' });
  const w = window as unknown as { lp?: Queue };
  const queued = (w.lp && w.lp.q) || [];
  const lp = (cmd: Command, ...args: unknown[]) => {
    try {
      (client[cmd] as (...a: unknown[]) => void)(...args);
    } catch {
      /* unknown command or bad arguments: ignore */
    }
  };
  w.lp = lp as Queue;
  for (const args of queued) lp(...(Array.from(args) as [Command, ...unknown[]]));
  if (data.vitals != null) {
    const v = document.createElement('script');
    v.src = new URL('/lp-vitals.js', s.src).href;
    v.defer = true;
    document.head.appendChild(v);
  }
} catch {
  /* never into the host page */
}
