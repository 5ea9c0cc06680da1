// One command runs every test: the SDK in happy-dom, the collector inside workerd, end to end in Chromium.
import { cloudflareTest } from '@cloudflare/vitest-pool-workers';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      { test: { name: 'sdk', include: ['sdk/**/*.test.ts'], environment: 'happy-dom', sequence: { groupOrder: 0 } } },
      {
        plugins: [
          cloudflareTest({
            wrangler: { configPath: './wrangler.toml' },
            miniflare: { bindings: { API_TOKEN: 'test-token', HASH_KEY: 'test-hash-key', WEBHOOK_BASE_DELAY_MS: '200' } },
          }),
        ],
        test: { name: 'collector', include: ['collector/**/*.test.ts'], sequence: { groupOrder: 1 } },
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
