import * as z from 'zod/mini';

// What hello-wasm-rust's init reads (src/lib.rs, Config); validated when the config loads.
// zod/mini itself rather than the gateway's src/zod: this import has to resolve both from
// examples/wasm/hello-wasm-rust/ and from plugins/hello-wasm-rust/ once the folder is copied there
// (src/zod's English issue messages are global, so they cover this schema too).
export default z.strictObject({
  greeting: z._default(z.string().check(z.minLength(1)), 'hello'),
  set_temperature: z.optional(z.number().check(z.gte(0), z.lte(2))),
  system_prompt: z.optional(z.string().check(z.minLength(1))),
  sign: z.optional(z.boolean()),
  shout: z.optional(z.boolean()),
  drop_containing: z.optional(z.string().check(z.minLength(1))),
});
