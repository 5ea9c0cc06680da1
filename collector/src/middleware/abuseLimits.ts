// Request budgets of the public routes per client address and per site (issue 11), kept by the Workers
// rate-limiting binding: its counters are shared by every isolate of a Cloudflare location and cost no
// Durable Object call (issue 14 allows one per beacon, the visitor's). The binding's limits are fixed in
// wrangler.toml (`[[ratelimits]]`; `limit()` takes only a key), mirrored here for Retry-After and the docs.
import type { Context, MiddlewareHandler } from 'hono';
import type { Env } from '../env';
import { errorJson } from '../errors';

/** One budget of the binding: `limit` requests per `period` seconds (10 or 60, all the binding allows). */
export interface RequestBudget {
  binding: 'RL_ADDRESS' | 'RL_ADDRESS_NO_ORIGIN' | 'RL_SITE' | 'RL_SITE_NO_ORIGIN';
  limit: number;
  period: 10 | 60;
}

/**
 * The budgets, as wrangler.toml sets them, all per minute (Retry-After: 60). Requests without an Origin —
 * servers and scripts: browsers send one with every POST — get far less. A script can forge an Origin; the
 * browser budget then bounds it, and is sized so that one address may send 1,000 single-event requests in
 * any minute (SPEC.md §4's 1,000 events, however they are batched) with room for a few people behind it.
 */
export const REQUEST_BUDGETS = {
  /** Per client address, with an Origin. */
  address: { binding: 'RL_ADDRESS', limit: 1_200, period: 60 },
  /** Per client address, without an Origin. */
  addressNoOrigin: { binding: 'RL_ADDRESS_NO_ORIGIN', limit: 60, period: 60 },
  /** Per site, with an Origin: all its visitors together. */
  site: { binding: 'RL_SITE', limit: 60_000, period: 60 },
  /** Per site, without an Origin. */
  siteNoOrigin: { binding: 'RL_SITE_NO_ORIGIN', limit: 600, period: 60 },
} as const satisfies Record<string, RequestBudget>;

/**
 * The client's address, from `CF-Connecting-IP` (set by Cloudflare; a client cannot choose it). Null when
 * there is none or it is a loopback address: only local runs (`wrangler dev`, tests) have such requests,
 * and they are not limited by address or site.
 */
export function clientAddress(header: string | undefined): string | null {
  if (!header) return null;
  const ip = header.trim().toLowerCase();
  if (ip === '::1' || ip.startsWith('127.') || ip.startsWith('::ffff:127.')) return null;
  return ip;
}

/** Whether `key` may spend one request of `budget`; true when the Worker has no such binding. */
async function spend(env: Env, budget: RequestBudget, key: string): Promise<boolean> {
  const limiter = env[budget.binding];
  if (!limiter) return true;
  return (await limiter.limit({ key })).success;
}

/** The 429 of the wire contract: the JSON error, with `Retry-After` in seconds. */
export function rateLimited(c: Context, retryAfter: number, message: string): Response {
  c.header('Retry-After', String(retryAfter));
  return errorJson(c, 429, 'rate_limited', message);
}

/** Refuses (429) a request over its client address's budget, before its body is read. */
export function addressBudget(): MiddlewareHandler<{ Bindings: Env }> {
  return async function addressBudget(c, next) {
    const address = clientAddress(c.req.header('CF-Connecting-IP'));
    if (address !== null) {
      const budget = c.req.header('Origin') === undefined ? REQUEST_BUDGETS.addressNoOrigin : REQUEST_BUDGETS.address;
      if (!(await spend(c.env, budget, address))) return rateLimited(c, budget.period, `too many requests from this address; at most ${budget.limit} per ${budget.period} s`);
    }
    await next();
  };
}

/** The 429 for a request over its site's budget, or null when it fits (the site is known from the body). */
export async function siteBudget(c: Context<{ Bindings: Env }>, site: string): Promise<Response | null> {
  if (clientAddress(c.req.header('CF-Connecting-IP')) === null) return null;
  const budget = c.req.header('Origin') === undefined ? REQUEST_BUDGETS.siteNoOrigin : REQUEST_BUDGETS.site;
  if (await spend(c.env, budget, site)) return null;
  return rateLimited(c, budget.period, `too many requests for site '${site}'; at most ${budget.limit} per ${budget.period} s`);
}
