// The Worker's bindings with counting wrappers (meter.ts): Durable Object calls by class and method, KV
// reads and writes. Returns `env` itself when metering is off.
import type { Env } from '../env';
import { count, metering } from './meter';

const wrapped = new WeakMap<object, Env>();

/** A stub whose method calls are counted under `<cls>.<method>`. */
function meteredStub<T extends object>(stub: T, cls: string): T {
  return new Proxy(stub, {
    get(target, prop) {
      const value = Reflect.get(target, prop);
      if (typeof prop !== 'string' || typeof value !== 'function' || prop === 'fetch' || prop === 'then') return value;
      return (...args: unknown[]) => {
        count('objectCalls', `${cls}.${prop}`);
        return (target as Record<string, (...a: unknown[]) => unknown>)[prop]!(...args);
      };
    },
  });
}

function meteredNamespace<T extends object>(ns: T, cls: string): T {
  return new Proxy(ns, {
    get(target, prop) {
      const value = Reflect.get(target, prop, target);
      if (prop === 'get') return (id: DurableObjectId) => meteredStub((target as unknown as DurableObjectNamespace).get(id), cls);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

function meteredKv(kv: KVNamespace): KVNamespace {
  return new Proxy(kv, {
    get(target, prop) {
      const value = Reflect.get(target, prop, target);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        if (prop === 'put' || prop === 'delete') count('kvWrites', String(prop));
        else if (prop === 'get' || prop === 'getWithMetadata') count('kvReads', String(prop));
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
}

/** `env` with counted bindings when `METER=1`, else `env` itself. */
export function meteredEnv(env: Env): Env {
  if (!metering(env)) return env;
  let out = wrapped.get(env);
  if (!out) {
    out = { ...env, LEADS: meteredNamespace(env.LEADS, 'lead'), SITES: meteredNamespace(env.SITES, 'site'), INDEX: meteredNamespace(env.INDEX, 'index'), SCORES: meteredKv(env.SCORES) };
    wrapped.set(env, out);
  }
  return out;
}
