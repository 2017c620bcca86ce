import { cloudflareTest } from '@cloudflare/vitest-pool-workers';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  plugins: [
    cloudflareTest({
      main: './src/index.ts',
      wrangler: { configPath: './wrangler.toml' },
      miniflare: {
        // Secrets the test gateways read through `env.NAME` references.
        bindings: { TEST_OPENAI_KEY: 'sk-test-openai', TEST_GROQ_KEY: 'sk-test-groq' },
      },
    }),
  ],
  test: {
    globalSetup: ['./test/support/global-setup.ts'],
    include: ['test/**/*.test.ts', 'src/**/*.test.ts', 'plugins/**/*.test.ts'],
    testTimeout: 20_000,
  },
});
