import { applyD1Migrations, env } from 'cloudflare:test';

declare global {
  namespace Cloudflare {
    interface Env {
      TEST_MIGRATIONS: import('cloudflare:test').D1Migration[];
      TEST_OPENAI_KEY: string;
    }
  }
}

// Each test file gets fresh storage; bring its D1 to the current schema, as wrangler does on deploy.
await applyD1Migrations(env.DB!, env.TEST_MIGRATIONS);
