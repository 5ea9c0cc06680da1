// The development switch that lets webhooks reach a receiver on this machine (WEBHOOK_ALLOW_LOCAL).
import type { Env } from '../env';

/**
 * Whether the Worker admits plain-http webhooks to loopback receivers (`127.0.0.1`, `[::1]`, `localhost`):
 * only when the deployment says so with `WEBHOOK_ALLOW_LOCAL=true` (the tests and `wrangler dev` launchers
 * do). A Worker variable, never a site setting, because whoever holds an API token controls a site's
 * configuration.
 */
export function allowsLocalWebhooks(env: Pick<Env, 'WEBHOOK_ALLOW_LOCAL'>): boolean {
  return env.WEBHOOK_ALLOW_LOCAL === 'true';
}
