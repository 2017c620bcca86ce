import { cloudflareTest, readD1Migrations } from '@cloudflare/vitest-pool-workers';
import { defineConfig } from 'vitest/config';

export default defineConfig(async () => {
  const migrations = await readD1Migrations('./migrations');
  return {
    plugins: [
      cloudflareTest({
        main: './src/index.ts',
        wrangler: { configPath: './wrangler.toml' },
        miniflare: {
          // Secrets the test gateways read through `env.NAME` references, and the migrations the
          // setup file applies to each test file's fresh D1.
          // HEIMDALL_OFFLINE_DEMO is cleared: `npm start` writes it to .dev.vars, which the pool
          // reads too, and the tests must see a deploy's environment unless they set it.
          bindings: { HEIMDALL_OFFLINE_DEMO: '', TEST_OPENAI_KEY: 'sk-test-openai', TEST_GROQ_KEY: 'sk-test-groq', HEIMDALL_ADMIN_TOKEN: 'test-admin-token', OTEL_TEST_AUTH: 'Bearer otel-test-secret', TEST_MIGRATIONS: migrations },
        },
      }),
    ],
    test: {
      globalSetup: ['./test/support/global-setup.ts'],
      setupFiles: ['./test/support/apply-migrations.ts', './test/support/config-json-schemas.ts'],
      include: ['test/**/*.test.ts', 'src/**/*.test.ts', 'plugins/**/*.test.ts'],
      testTimeout: 20_000,
    },
  };
});
