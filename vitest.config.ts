import { cloudflareTest } from '@cloudflare/vitest-plugin';
import solid from 'vite-plugin-solid';
import { defaultServerConditions, type Plugin } from 'vite';
import { defineConfig } from 'vitest/config';

/**
 * The worker project's global setup starts the stack in Node. Vitest 5 loads it in the project's `__vitest__`
 * environment, which inherits the Workers plugin's browser conditions and main fields (so `ws` and `ioredis-mock`
 * would resolve to their browser builds): this gives that environment Node's resolution back.
 */
const nodeResolutionForGlobalSetup: Plugin = {
  name: 'chimera:node-resolution-for-global-setup',
  configEnvironment: {
    order: 'post',
    handler(name, config) {
      if (name !== '__vitest__') return;
      config.resolve ??= {};
      config.resolve.conditions = defaultServerConditions.filter((condition) => condition !== 'module');
      config.resolve.mainFields = [];
    },
  },
};

/**
 * Four test projects: `worker` runs in workerd against the real stack,
 * `node` runs pure logic and scripts, `web` runs components in jsdom, and
 * `e2e` drives Debian's Chromium against `npm run dev`.
 */
export default defineConfig({
  test: {
    projects: [
      {
        plugins: [
          cloudflareTest(({ inject }) => ({
            wrangler: { configPath: './wrangler.toml' },
            // Rooms in tests talk fast: the demo streams a word every ~2 ms and natural delays shrink fifty-fold.
            // Spend limits off: priced test turns add up over a run; the tests of the limits set their own.
            miniflare: {
              bindings: {
                ...inject('workerConnection'),
                DEMO_PACE_MS: '2',
                ROOM_TIMING_SCALE: '0.02',
                DAILY_SPEND_LIMIT_USD: '0',
                CONVERSATION_SPEND_LIMIT_USD: '0',
              },
            },
          })),
          nodeResolutionForGlobalSetup,
        ],
        test: {
          name: 'worker',
          include: ['worker/src/**/*.test.ts'],
          exclude: ['worker/src/**/*.node.test.ts'],
          globalSetup: ['scripts/test/worker-setup.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'node',
          environment: 'node',
          include: ['scripts/**/*.test.ts', 'worker/src/**/*.node.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        plugins: [solid()],
        resolve: { conditions: ['development', 'browser'] },
        test: {
          name: 'web',
          environment: 'jsdom',
          include: ['web/src/**/*.test.{ts,tsx}'],
          setupFiles: ['web/src/test-setup.ts'],
        },
      },
      {
        test: {
          name: 'e2e',
          environment: 'node',
          include: ['web/e2e/**/*.e2e.test.ts'],
          globalSetup: ['scripts/test/e2e-setup.ts'],
          fileParallelism: false,
          testTimeout: 120_000,
          hookTimeout: 180_000,
        },
      },
    ],
  },
});
