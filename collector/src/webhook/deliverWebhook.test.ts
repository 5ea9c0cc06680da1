import { describe, expect, it } from 'vitest';
import { deliverWebhook } from './deliverWebhook';

const body = JSON.stringify({ id: 'whd_1', type: 'lead.hot' });

describe('deliverWebhook', () => {
  it('checks the destination again at each attempt: a refused one is never attempted (null), not retried', async () => {
    for (const url of ['https://10.0.0.1/hook', 'https://169.254.169.254/latest/', 'https://[::1]/hook', 'http://hooks.example.com/lead', 'http://127.0.0.1:9/hook']) {
      expect({ url, sent: await deliverWebhook({ url, secret: 'secret-secret-secret' }, body, 'whd_1') }).toEqual({ url, sent: null });
    }
  });

  it('attempts an admitted destination: a receiver that does not answer is a failure to retry (false)', async () => {
    expect(await deliverWebhook({ url: 'http://127.0.0.1:9/hook', secret: 'secret-secret-secret' }, body, 'whd_1', true)).toBe(false);
  });
});
