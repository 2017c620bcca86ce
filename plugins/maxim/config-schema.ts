import * as z from '../../src/zod';

// Bifrost's maxim config, field for field (shared/seeds 004).

export const configSchema = z.strictObject({
  /** A secret: only as a reference, resolved from the Worker's secrets when the plugin starts. */
  api_key: z.string().check(
    z.regex(/^env\.[A-Za-z_][A-Za-z0-9_]*$/, 'write it as "env.NAME" and store the key as a Worker secret (wrangler secret put NAME): a key written here would be stored and shown with the config'),
  ),
  /** The default log repository; `x-bf-maxim-log-repo-id` overrides it per request. */
  log_repo_id: z.optional(z.string().check(z.minLength(1))),
});

export type MaximConfig = z.output<typeof configSchema>;
