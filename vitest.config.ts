// One command runs every test: browser code (the SDK, the dashboard's helpers) in happy-dom, the collector inside
// workerd, end to end in Chromium.
import { cloudflareTest } from '@cloudflare/vitest-pool-workers';
import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      { test: { name: 'sdk', include: ['sdk/**/*.test.ts', 'collector/dashboard/**/*.test.ts'], environment: 'happy-dom', sequence: { groupOrder: 0 } } },
      {
        plugins: [
          cloudflareTest({
            wrangler: { configPath: './wrangler.toml' },
            miniflare: { bindings: { API_TOKEN: 'test-token', HASH_KEY: 'test-hash-key', WEBHOOK_BASE_DELAY_MS: '200', WEBHOOK_ALLOW_LOCAL: 'true', DEMO_SITE: 'true' } },
          }),
        ],
        test: {
          name: 'collector',
          include: ['collector/**/*.test.ts'],
          // vitest's 5 s is short for tests of many requests on a loaded two-core machine (a bound, not a goal).
          testTimeout: 30_000,
          exclude: [...configDefaults.exclude, 'collector/dashboard/**', 'collector/**/*.metered.test.ts'],
          sequence: { groupOrder: 1 },
          // A local webhook receiver the tests inside workerd can post to and read back.
          globalSetup: ['collector/test/hookReceiver.ts'],
        },
      },
      {
        // The same Worker with METER=1: tests that count the calls each object receives (collector/src/meter/).
        plugins: [
          cloudflareTest({
            wrangler: { configPath: './wrangler.toml' },
            miniflare: { bindings: { API_TOKEN: 'test-token', HASH_KEY: 'test-hash-key', METER: '1' } },
          }),
        ],
        test: { name: 'collector-metered', include: ['collector/**/*.metered.test.ts'], sequence: { groupOrder: 1 } },
      },
      {
        test: {
          name: 'e2e',
          // After the others: browser timing tests should not share the two cores with workerd's suite.
          sequence: { groupOrder: 2 },
          include: ['e2e/**/*.test.ts'],
          // Marks the servers the tests start; fails the run if any outlives it (and kills them).
          globalSetup: ['./e2e/globalSetup.ts'],
          // A worker outliving vitest (SIGTERM, SIGKILL) exits, stopping its servers and browsers.
          setupFiles: ['./e2e/exitWithRunner.ts'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 120_000,
          // expect.poll waits on a server and a browser sharing two cores: 1 s (the default) is too short.
          expect: { poll: { timeout: 10_000 } },
          fileParallelism: false,
        },
      },
    ],
  },
});
