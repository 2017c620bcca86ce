import * as z from 'zod';

// What plugins/hello-wasm-as's init reads (assembly/types.ts, Config); validated when the config loads.
export default z.strictObject({
  greeting: z.string().min(1).default('hello'),
});
