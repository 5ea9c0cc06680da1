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
    expect(fetch).toHaveBeenCalledWith('/v1/stats?site=demo', { headers: { Authorization: 'Bearer secret' }, cache: 'no-store', signal: expect.any(AbortSignal) });
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

  it('asks a read again when it gets no answer in time, and gives up after three tries with a clear error', async () => {
    const paths: string[] = [];
    // The first read never answers (until its signal aborts it); the second does.
    vi.stubGlobal('fetch', (path: string, init: RequestInit) => {
      paths.push(path);
      if (paths.length === 1) return new Promise((_, reject) => init.signal!.addEventListener('abort', () => reject(init.signal!.reason)));
      return Promise.resolve(reply(200, { total: 1 }));
    });
    expect(await createApi(() => 't', () => {}, 20).json('/v1/stats')).toEqual({ total: 1 });
    expect(paths).toEqual(['/v1/stats', '/v1/stats']);

    vi.stubGlobal('fetch', (_: string, init: RequestInit) => new Promise((_, reject) => init.signal!.addEventListener('abort', () => reject(init.signal!.reason))));
    await expect(createApi(() => 't', () => {}, 20).json('/v1/stats')).rejects.toMatchObject({ message: 'no answer from the server in 3 × 0.02 s', status: 0 });
  });

  it('never sends a write twice', async () => {
    const fetch = vi.fn(async () => reply(200, {}));
    vi.stubGlobal('fetch', fetch);
    await createApi(() => 't', () => {}, 20).call('/v1/sites/demo/config', { method: 'PUT', body: '{}' });
    expect(fetch).toHaveBeenCalledTimes(1);
    expect((fetch.mock.calls[0] as unknown[])[1]).not.toHaveProperty('signal');
  });
});
