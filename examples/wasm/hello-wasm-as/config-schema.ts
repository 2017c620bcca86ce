import * as z from 'zod/mini';

// What hello-wasm-as's init reads (assembly/types.ts, Config); validated when the config loads.
// zod/mini itself rather than the gateway's src/zod: this import has to resolve both from
// examples/wasm/hello-wasm-as/ and from plugins/hello-wasm-as/ once the folder is copied there
// (src/zod's English issue messages are global, so they cover this schema too).
export default z.strictObject({
  greeting: z._default(z.string().check(z.minLength(1)), 'hello'),
});
