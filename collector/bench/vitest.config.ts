// The insights bench (scripts/bench-insights.mjs) runs inside workerd like the collector's tests, with the
// same Worker and bindings, but only when asked: `npm test` does not include collector/bench/.
import { cloudflareTest } from '@cloudflare/vitest-pool-workers';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  plugins: [cloudflareTest({ wrangler: { configPath: './wrangler.toml' }, miniflare: { bindings: { API_TOKEN: 'bench-token', HASH_KEY: 'bench-hash-key' } } })],
  test: { include: ['collector/bench/**/*.run.ts'], testTimeout: 1_800_000, hookTimeout: 1_800_000 },
});
