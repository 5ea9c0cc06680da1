import { describe, expect, it } from 'vitest';
import { signBody } from './signBody';

describe('signBody', () => {
  it('is sha256= and the hex HMAC-SHA256 of the body (RFC 4231 test case 2)', async () => {
    expect(await signBody('what do ya want for nothing?', 'Jefe')).toBe('sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843');
  });

  it('changes with any byte of the body or the secret', async () => {
    const body = JSON.stringify({ id: 'whd_1', type: 'lead.hot', site: 'demo', lead: 'ana@example.com', score: 85, band: 'hot', at: '2026-01-01T00:00:00.000Z' });
    const sig = await signBody(body, 'secret-secret-secret');
    expect(sig).toMatch(/^sha256=[0-9a-f]{64}$/);
    expect(await signBody(body.replace('85', '86'), 'secret-secret-secret')).not.toBe(sig);
    expect(await signBody(body, 'secret-secret-secreT')).not.toBe(sig);
  });
});
