// Whether this Worker serves the demo: its pages (wrangler's `--assets demo-site`), site `demo` with its shipped
// configuration and the demo's signing route. Only where wrangler is told so (scripts/demoSite.mjs): a
// production deploy of wrangler.toml as written has no site `demo` until one is configured.
import type { Env } from '../env';

/** True when the Worker variable DEMO_SITE is `true`. */
export function servesDemo(env: Pick<Env, 'DEMO_SITE'>): boolean {
  return env.DEMO_SITE === 'true';
}
