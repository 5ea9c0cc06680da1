// Webhook destinations as workerd's URL parser (the one fetch uses) reads them.
import { describe, expect, it } from 'vitest';
import { webhookUrlProblem } from './webhookUrlProblem';
import { SSRF_CASES } from '../../test/ssrfCases';

describe('webhookUrlProblem', () => {
  it('refuses private, loopback, link-local, CGNAT, multicast, unspecified, reserved and metadata destinations in every notation', () => {
    for (const [url, message] of SSRF_CASES) expect({ url, problem: webhookUrlProblem(url) }).toEqual({ url, problem: message });
  });

  it('accepts https to public hosts, by name or address', () => {
    for (const url of ['https://hooks.example.com/lead', 'https://crm.example.co.uk:8443/hooks?x=1', 'https://93.184.215.14/hook', 'https://[2606:4700:4700::1111]/hook', 'https://[::ffff:8.8.8.8]/hook', 'https://localhost.example.com/hook', 'https://internal.example.com/hook', 'https://[64:ff9b::808:808]/hook']) {
      expect({ url, problem: webhookUrlProblem(url) }).toEqual({ url, problem: null });
    }
  });

  it('with WEBHOOK_ALLOW_LOCAL admits http and https to loopback receivers only', () => {
    for (const url of ['http://127.0.0.1:9/hook', 'https://127.0.0.1/hook', 'http://2130706433/hook', 'http://[::1]:8080/hook', 'http://[::ffff:127.0.0.1]/hook', 'http://localhost:3000/hook', 'http://app.localhost/hook']) {
      expect({ url, problem: webhookUrlProblem(url, true) }).toEqual({ url, problem: null });
    }
    const stillRefused = SSRF_CASES.filter(([url]) => !/127\.0\.0\.|\[::1\]|\[::ffff:7f00:1\]|localhost/i.test(webhookUrlProblem(url) ?? ''));
    expect(stillRefused.length).toBeGreaterThan(40);
    for (const [url, message] of stillRefused) expect({ url, problem: webhookUrlProblem(url, true) }).toEqual({ url, problem: message });
    expect(webhookUrlProblem('http://hooks.example.com/lead', true)).toBe('must be an https URL');
  });
});
