// The webhook secret never leaves the site's object: replies mask it, and a PUT may send the mask back to
// keep it — for the same URL only, so that a token holder cannot have the secret sign for another receiver.
import type { SiteConfig, SiteConfigWithSecret } from '../site/siteConfigSchema';

/** What replies show instead of the webhook secret. */
export const SECRET_MASK = '****************';

/** The configuration as replies show it: the webhook secret masked. */
export function maskSecret(config: SiteConfig): SiteConfigWithSecret {
  return config.webhook ? { ...config, webhook: { ...config.webhook, secret: SECRET_MASK } } : { ...config, webhook: undefined };
}

/**
 * A submitted configuration whose webhook secret is the mask (one read, edited and written back) gets the
 * stored secret again, when its webhook URL is the stored one; refused (naming the field) when there is no
 * stored secret or the URL changed.
 */
export function keepStoredSecret(submitted: SiteConfigWithSecret, stored: SiteConfigWithSecret | undefined): { config: SiteConfigWithSecret } | { refused: string } {
  const hook = submitted.webhook;
  if (!hook || hook.secret !== SECRET_MASK) return { config: submitted };
  if (!stored?.webhook) return { refused: 'webhook.secret: the masked secret can only be sent back to keep a stored one; give the secret' };
  if (new URL(hook.url).href !== new URL(stored.webhook.url).href) {
    return { refused: 'webhook.secret: the webhook URL changed, so give the secret for it; the masked secret keeps the stored one for the same URL only' };
  }
  return { config: { ...submitted, webhook: { ...hook, secret: stored.webhook.secret } } };
}
