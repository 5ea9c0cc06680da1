// Calls to the marketer API with the bearer token; a refused call carries the server's message.

/** A reply that was not 2xx: the API's error message and the HTTP status. */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

/** How long a read waits for an answer before it is asked again (a request can be lost on its way). */
const READ_WAIT_MS = 15_000;
/** How often a read is sent at most. */
const READ_TRIES = 3;

/** The API client of the dashboard. */
export type Api = {
  /** The response of a 2xx reply; otherwise throws an {@link ApiError}. */
  call(path: string, init?: RequestInit): Promise<Response>;
  /** The JSON body of a 2xx reply; otherwise throws an {@link ApiError}. */
  json<T>(path: string): Promise<T>;
};

/**
 * An API client that sends `token()` as the bearer token and never uses the HTTP cache; a read with no answer
 * within `waitMs` is sent again (three tries). A 401 (wrong token) or
 * 503 (no token configured on the server) also calls `denied` with the server's message, before throwing.
 */
export function createApi(token: () => string, denied: (message: string) => void, waitMs = READ_WAIT_MS): Api {
  /** A read that got no answer in `waitMs` is asked again, up to READ_TRIES in all: reads change nothing. */
  async function send(path: string, init: RequestInit, headers: Record<string, string>): Promise<Response> {
    if (init.method && init.method !== 'GET') return fetch(path, { ...init, headers, cache: 'no-store' });
    for (let tries = 1; ; tries++) {
      try {
        return await fetch(path, { ...init, headers, cache: 'no-store', signal: AbortSignal.timeout(waitMs) });
      } catch (e) {
        if ((e as Error).name !== 'TimeoutError') throw e;
        if (tries === READ_TRIES) throw new ApiError(`no answer from the server in ${READ_TRIES} × ${waitMs / 1000} s`, 0);
      }
    }
  }
  async function call(path: string, init: RequestInit = {}): Promise<Response> {
    const headers: Record<string, string> = { Authorization: `Bearer ${token()}` };
    if (init.body) headers['Content-Type'] = 'application/json';
    const res = await send(path, init, headers);
    if (res.ok) return res;
    const body = (await res.json().catch(() => null)) as { error?: { message?: string } } | null;
    const message = body?.error?.message ?? `HTTP ${res.status}`;
    if (res.status === 401 || res.status === 503) denied(message);
    throw new ApiError(message, res.status);
  }
  return { call, json: async <T>(path: string) => (await call(path)).json() as Promise<T> };
}
