// fetch for the end-to-end tests: a reply that does not come fails naming the request, not the test.
import { REPLY_MS } from './waits';

/** `fetch(url, init)`, rejecting after `ms` with "<METHOD> <path>: no reply within N s". */
export async function request(url: string, init: RequestInit = {}, ms: number = REPLY_MS): Promise<Response> {
  try {
    return await fetch(url, { ...init, signal: AbortSignal.timeout(ms) });
  } catch (err) {
    if ((err as Error).name !== 'TimeoutError') throw err;
    const { pathname, search } = new URL(url);
    throw new Error(`${init.method ?? 'GET'} ${pathname}${search}: no reply within ${ms / 1000} s`, { cause: err });
  }
}
