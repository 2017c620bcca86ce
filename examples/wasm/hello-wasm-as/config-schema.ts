import * as z from '../../src/zod';

// What plugins/hello-wasm-as's init reads (assembly/types.ts, Config); validated when the config loads.
export default z.strictObject({
  greeting: z._default(z.string().check(z.minLength(1)), 'hello'),
});
