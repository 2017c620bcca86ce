import * as z from '../../src/zod';

// What plugins/hello-wasm-rust's init reads (src/lib.rs, Config); validated when the config loads.
export default z.strictObject({
  greeting: z._default(z.string().check(z.minLength(1)), 'hello'),
  set_temperature: z.optional(z.number().check(z.gte(0), z.lte(2))),
  system_prompt: z.optional(z.string().check(z.minLength(1))),
  sign: z.optional(z.boolean()),
  shout: z.optional(z.boolean()),
  drop_containing: z.optional(z.string().check(z.minLength(1))),
});
