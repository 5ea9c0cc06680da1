// The benches that run inside workerd (scripts/bench-insights.mjs, scripts/bench-growth.mjs), like the
// collector's tests, with the same Worker and bindings and METER=1 (the billed units each request makes),
// but only when asked: `npm test` does not include collector/bench/.
import { cloudflareTest } from '@cloudflare/vitest-pool-workers';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  plugins: [cloudflareTest({ wrangler: { configPath: './wrangler.toml' }, miniflare: { bindings: { API_TOKEN: 'bench-token', HASH_KEY: 'bench-hash-key', METER: '1' } } })],
  test: { include: ['collector/bench/**/*.run.ts'], testTimeout: 1_800_000, hookTimeout: 1_800_000 },
});
