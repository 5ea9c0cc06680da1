// The Worker's bindings with counting wrappers (meter.ts): Durable Object calls by class and method, KV
// reads and writes. Returns `env` itself when metering is off.
import type { Env } from '../env';
import { count, metering } from './meter';

const wrapped = new WeakMap<object, Env>();

/** A stub whose method calls are counted under `<cls>.<method>`, and under the object's name when `name` is given. */
function meteredStub<T extends object>(stub: T, cls: string, name?: string): T {
  return new Proxy(stub, {
    get(target, prop) {
      const value = Reflect.get(target, prop);
      if (typeof prop !== 'string' || typeof value !== 'function' || prop === 'fetch' || prop === 'then') return value;
      return (...args: unknown[]) => {
        count('objectCalls', `${cls}.${prop}`);
        if (name !== undefined) count('callsPerObject', `${cls} ${name}`);
        return (target as Record<string, (...a: unknown[]) => unknown>)[prop]!(...args);
      };
    },
  });
}

/**
 * A namespace whose stubs count their calls; with `byName`, also per object (the names its `idFromName` was
 * given: site-wide objects only, a few per site).
 */
function meteredNamespace<T extends object>(ns: T, cls: string, byName = false): T {
  const names = new Map<string, string>();
  return new Proxy(ns, {
    get(target, prop) {
      const value = Reflect.get(target, prop, target);
      if (prop === 'idFromName' && byName)
        return (name: string) => {
          const id = (target as unknown as DurableObjectNamespace).idFromName(name);
          names.set(id.toString(), name);
          return id;
        };
      if (prop === 'get') return (id: DurableObjectId) => meteredStub((target as unknown as DurableObjectNamespace).get(id), cls, byName ? (names.get(id.toString()) ?? id.toString()) : undefined);
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
    out = {
      ...env,
      LEADS: meteredNamespace(env.LEADS, 'lead'),
      SITES: meteredNamespace(env.SITES, 'site', true),
      INDEX: meteredNamespace(env.INDEX, 'index', true),
      INSIGHTS: meteredNamespace(env.INSIGHTS, 'insights', true),
      SCORES: meteredKv(env.SCORES),
    };
    wrapped.set(env, out);
  }
  return out;
}
