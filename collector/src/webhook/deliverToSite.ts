// A lead object's webhook attempt: the target (URL and secret) is read from the site's object when the
// attempt is made, so that lead objects never hold the secret and a changed webhook applies at once.
import { env } from 'cloudflare:workers';
import type { Env } from '../env';
import { siteObject } from '../objects';
import { allowsLocalWebhooks } from './allowsLocalWebhooks';
import { deliverWebhook } from './deliverWebhook';

/**
 * Delivers `body` to the current webhook of `site`: true when delivered, false to retry (the receiver or
 * the site's object failed), null when there is nothing to do any more (the site has no webhook, or its
 * destination is refused).
 */
export async function deliverToSite(site: string, body: string, deliveryId: string): Promise<boolean | null> {
  // The Worker's bindings, importable anywhere (https://developers.cloudflare.com/changelog/2025-03-17-importable-env):
  // the lead object's parts are not handed them.
  const bindings = env as unknown as Env;
  let target;
  try {
    target = await siteObject(bindings, site).webhookTarget();
  } catch {
    return false;
  }
  return target ? deliverWebhook(target, body, deliveryId, allowsLocalWebhooks(bindings)) : null;
}
