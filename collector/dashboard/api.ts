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

/** The API client of the dashboard. */
export type Api = {
  /** The response of a 2xx reply; otherwise throws an {@link ApiError}. */
  call(path: string, init?: RequestInit): Promise<Response>;
  /** The JSON body of a 2xx reply; otherwise throws an {@link ApiError}. */
  json<T>(path: string): Promise<T>;
};

/**
 * An API client that sends `token()` as the bearer token and never uses the HTTP cache. A 401 (wrong token) or
 * 503 (no token configured on the server) also calls `denied` with the server's message, before throwing.
 */
export function createApi(token: () => string, denied: (message: string) => void): Api {
  async function call(path: string, init: RequestInit = {}): Promise<Response> {
    const headers: Record<string, string> = { Authorization: `Bearer ${token()}` };
    if (init.body) headers['Content-Type'] = 'application/json';
    const res = await fetch(path, { ...init, headers, cache: 'no-store' });
    if (res.ok) return res;
    const body = (await res.json().catch(() => null)) as { error?: { message?: string } } | null;
    const message = body?.error?.message ?? `HTTP ${res.status}`;
    if (res.status === 401 || res.status === 503) denied(message);
    throw new ApiError(message, res.status);
  }
  return { call, json: async <T>(path: string) => (await call(path)).json() as Promise<T> };
}
