import * as z from 'zod';

// What plugins/hello-wasm-rust's init reads (src/lib.rs, Config); validated when the config loads.
export default z.strictObject({
  greeting: z.string().min(1).default('hello'),
  set_temperature: z.number().min(0).max(2).optional(),
  system_prompt: z.string().min(1).optional(),
  sign: z.boolean().optional(),
  shout: z.boolean().optional(),
  drop_containing: z.string().min(1).optional(),
});
