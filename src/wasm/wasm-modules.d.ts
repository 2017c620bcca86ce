// A `.wasm` imported at bundle time: wrangler (and the test runner's Vite build) hand it over as a
// compiled module. Workers refuse to compile WebAssembly from bytes at run time, so this is the
// only way a plugin's code gets in.
declare module '*.wasm' {
  const module: WebAssembly.Module;
  export default module;
}
