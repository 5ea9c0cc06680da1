// fetch for the end-to-end tests: a reply that does not come fails naming the request, not the test.
import { REPLY_MS } from './waits';

/**
 * `fetch(url, init)`, rejecting after `ms` with "<METHOD> <path>: no reply within N s". A read (GET) is sent
 * again after each `ms` without a reply, `tries` times in all: while every lead of a large site is rescored,
 * `wrangler dev` has been seen to leave a request unanswered while answering the same one sent again.
 */
export async function request(url: string, init: RequestInit = {}, ms: number = REPLY_MS, tries = 1): Promise<Response> {
  const method = init.method ?? 'GET';
  for (let attempt = 1; ; attempt++) {
    try {
      return await fetch(url, { ...init, signal: AbortSignal.timeout(ms) });
    } catch (err) {
      if ((err as Error).name !== 'TimeoutError') throw err;
      if (method === 'GET' && attempt < tries) continue;
      const { pathname, search } = new URL(url);
      throw new Error(`${method} ${pathname}${search}: no reply within ${ms / 1000} s${attempt > 1 ? `, ${attempt} times` : ''}`, { cause: err });
    }
  }
}
