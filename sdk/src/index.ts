// The ES module build (`lp.mjs`) for bundler users: the same API as the script tag's `lp(...)` commands.
import { applyBand } from './applyBand.js';
import { createClient, type Client } from './createClient.js';
import { kv } from './storage.js';
import { guard } from './guard.js';
import type { Band, IdentifyOptions, Options, Props, Score } from './types.js';

export type { Band, IdentifyOptions, Options, Props, Score };

let client: Client | undefined;
/** Calls made before `init`, replayed in order once it runs. */
const queued: [keyof Client, unknown[]][] = [];

const call = (cmd: keyof Client) =>
  guard((...args: unknown[]) => (client ? (client[cmd] as (...a: unknown[]) => void)(...args) : queued.push([cmd, args])));

/**
 * Starts leadpulse on this page (once; later calls are ignored). `api` is the collector's origin,
 * by default this page's own.
 */
export const init: (options: Options) => void = guard((options: Options): void => {
  if (client) return;
  // The head snippet does this before first paint; a page without it gets the cached band now at least.
  const band = kv('lp_band');
  applyBand(band == 'warm' || band == 'hot' ? band : 'cold');
  client = createClient(options.site, options.api || '', options.consentRequired);
  for (const [cmd, args] of queued.splice(0)) call(cmd)(...args);
});

/** Records a custom event `name` with optional properties. */
export const track: (name: string, props?: Props) => void = call('track');

/**
 * Links this visitor to a lead (an e-mail address or a CRM id), with optional traits and the signature
 * the site's server made for the lead id (`{signature}`; required unless the site says otherwise).
 */
export const identify: (lead: string, traits?: Props, options?: IdentifyOptions) => void = call('identify');

/** Gives (`true`) or withdraws (`false`) consent; withdrawing forgets the visitor (every `lp_*` key). */
export const consent: (granted: boolean) => void = call('consent');

/** Calls `cb` with `{score, band}` at once (from cache) and again whenever a fresh score arrives. */
export const onScore: (cb: (score: Score) => void) => void = call('score');
