// The ES module build for bundler users: the same API as the script tag's `lp(...)` commands.
import { createClient, type Client } from './createClient';
import type { Options, Props, Score } from './types';

export type { Options, Props, Score };

let client: Client | undefined;

/** Starts leadpulse on this page; call once, before the other functions. */
export const init = (options: Options): void => {
  if (!client) client = createClient(options);
};

/** Records a custom event. */
export const track = (name: string, props?: Props): void => client?.track(name, props);

/** Links this visitor to a lead (an e-mail or CRM id). */
export const identify = (lead: string, traits?: Props): void => client?.identify(lead, traits);

/** Gives (`true`) or withdraws (`false`) consent; withdrawing forgets the visitor. */
export const consent = (granted: boolean): void => client?.consent(granted);

/** Calls `cb` with the score at once (from cache) and again whenever a fresh one arrives. */
export const onScore = (cb: (score: Score) => void): void => client?.score(cb);
