import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Env } from '../env';
import { getSiteConfig } from './siteConfig';
import type { VersionedConfig } from './versionedConfig';

/** An env whose site objects answer from `configs` and note each read in `reads`. */
function fakeEnv(configs: Map<string, VersionedConfig>, reads: string[]): Env {
  const SITES = { idFromName: (name: string) => name, get: (site: string) => ({ getConfig: async () => (reads.push(site), configs.get(site) ?? null) }) };
  return { SITES } as unknown as Env;
}
const config = { config: { origins: [], rules: [], bands: { warm: 40, hot: 80 } }, version: 'v', rev: 1 } as unknown as VersionedConfig;
const prefix = () => `c${crypto.randomUUID().slice(0, 8)}-`;

describe('getSiteConfig', () => {
  afterEach(() => vi.restoreAllMocks());

  it('remembers that a site is unknown for a second only, so a new site soon works in every isolate', async () => {
    let now = Date.now();
    vi.spyOn(Date, 'now').mockImplementation(() => now);
    const configs = new Map<string, VersionedConfig>();
    const reads: string[] = [];
    const env = fakeEnv(configs, reads);
    const site = `${prefix()}new`;
    expect(await getSiteConfig(env, site)).toBeNull();
    configs.set(site, config); // created by a PUT that another isolate served
    now += 500;
    expect(await getSiteConfig(env, site)).toBeNull();
    now += 600;
    expect(await getSiteConfig(env, site)).toBe(config);
    // A known site stays cached for a few seconds.
    now += 4_000;
    expect(await getSiteConfig(env, site)).toBe(config);
    expect(reads).toEqual([site, site]);
  });

  it('keeps at most 1,000 sites, dropping the oldest, so random site names cannot grow memory', async () => {
    const configs = new Map<string, VersionedConfig>();
    const reads: string[] = [];
    const env = fakeEnv(configs, reads);
    const sites = Array.from({ length: 1_001 }, (_, i) => `${prefix()}${i}`);
    for (const site of sites) configs.set(site, config);
    for (const site of sites) await getSiteConfig(env, site);
    expect(reads).toHaveLength(1_001);
    await getSiteConfig(env, sites[1_000]!);
    expect(reads).toHaveLength(1_001);
    await getSiteConfig(env, sites[0]!);
    expect(reads).toHaveLength(1_002);
  });
});
