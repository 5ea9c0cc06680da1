import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError, createApi } from './api';

const reply = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });

afterEach(() => vi.unstubAllGlobals());

describe('createApi', () => {
  it('sends the token as a bearer token, bypassing the HTTP cache, and reads the JSON', async () => {
    const fetch = vi.fn(async () => reply(200, { total: 3 }));
    vi.stubGlobal('fetch', fetch);
    const api = createApi(() => 'secret', () => {});
    expect(await api.json('/v1/stats?site=demo')).toEqual({ total: 3 });
    expect(fetch).toHaveBeenCalledWith('/v1/stats?site=demo', { headers: { Authorization: 'Bearer secret' }, cache: 'no-store' });
    await api.call('/v1/leads/x', { method: 'DELETE', body: '{}' });
    expect(fetch).toHaveBeenLastCalledWith('/v1/leads/x', { method: 'DELETE', body: '{}', headers: { Authorization: 'Bearer secret', 'Content-Type': 'application/json' }, cache: 'no-store' });
  });

  it('throws the server’s message with the status, and signs out on 401 and 503 only', async () => {
    const denied = vi.fn();
    const api = createApi(() => 'wrong', denied);
    for (const [status, message] of [[404, 'no such lead'], [401, 'wrong API token'], [503, 'API_TOKEN is not set']] as const) {
      vi.stubGlobal('fetch', async () => reply(status, { error: { code: 'x', message } }));
      const error = await api.json('/v1/anything').catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ApiError);
      expect([(error as ApiError).message, (error as ApiError).status]).toEqual([message, status]);
    }
    expect(denied.mock.calls).toEqual([['wrong API token'], ['API_TOKEN is not set']]);
  });

  it('names the status when the error body is not the API’s', async () => {
    vi.stubGlobal('fetch', async () => new Response('<html>bad gateway</html>', { status: 502 }));
    await expect(createApi(() => '', () => {}).json('/v1/stats')).rejects.toMatchObject({ message: 'HTTP 502', status: 502 });
  });
});
