// Heimdall's AssemblyScript example of a Bifrost WASM plugin: every hook of the ABI, each leaving
// a trace in the request context (readable by TypeScript plugins under the same names). The build
// step compiles it with `asc assembly/index.ts --config asconfig.json` (json-as's transform on).
import { JSON } from 'json-as';
import { allocate, readString, writeString } from './memory';
import {
  Config,
  HTTPPostInput,
  HTTPPostOutput,
  HTTPPreInput,
  HTTPPreOutput,
  PostHookInput,
  PostHookOutput,
  PreHookInput,
  PreHookOutput,
  StreamChunkInput,
  StreamChunkOutput,
} from './types';

const NAME = 'hello-wasm-as';
let config = new Config();

export function malloc(size: u32): u32 {
  return allocate(size);
}

/** The stub runtime cannot free; the export exists because hosts call it. */
export function free(_ptr: u32): void {}

export function get_name(): u64 {
  return writeString(NAME);
}

/** 0 = ok. An invalid config traps (json-as aborts), which the host reports as an init failure. */
export function init(ptr: u32, len: u32): i32 {
  const text = readString(ptr, len);
  config = text.length == 0 ? new Config() : JSON.parse<Config>(text);
  return config.greeting.length == 0 ? 1 : 0;
}

/** Adds `x-hello-wasm-as: <greeting>` to the request and notes the path in the context. */
export function http_pre_hook(ptr: u32, len: u32): u64 {
  const input = JSON.parse<HTTPPreInput>(readString(ptr, len));
  const output = new HTTPPreOutput();
  output.context = input.context;
  output.context.set<string>(NAME + '.path', input.request.path);
  input.request.headers.set('x-hello-wasm-as', config.greeting);
  output.request = input.request;
  return writeString(JSON.stringify(output));
}

/** Bifrost's legacy name for http_pre_hook. */
export function http_intercept(ptr: u32, len: u32): u64 {
  return http_pre_hook(ptr, len);
}

/** Stores the greeting for post_hook; the request passes unchanged (`request: null`). */
export function pre_hook(ptr: u32, len: u32): u64 {
  const input = JSON.parse<PreHookInput>(readString(ptr, len));
  const output = new PreHookOutput();
  output.context = input.context;
  output.context.set<string>(NAME + '.greeting', config.greeting);
  return writeString(JSON.stringify(output));
}

/** Reads what pre_hook stored and records that the answer passed; the answer passes unchanged. */
export function post_hook(ptr: u32, len: u32): u64 {
  const input = JSON.parse<PostHookInput>(readString(ptr, len));
  const output = new PostHookOutput();
  output.context = input.context;
  const greeting = input.context.get(NAME + '.greeting');
  const seen = greeting == null ? '(no greeting)' : greeting.get<string>();
  output.context.set<string>(NAME + '.post', seen + (input.has_error ? ': error' : ': answered'));
  output.response = input.response;
  output.error = input.error;
  output.has_error = input.has_error;
  return writeString(JSON.stringify(output));
}

/** Notes the response's status in the context (a WASM post hook cannot change the response). */
export function http_post_hook(ptr: u32, len: u32): u64 {
  const input = JSON.parse<HTTPPostInput>(readString(ptr, len));
  const output = new HTTPPostOutput();
  output.context = input.context;
  output.context.set<string>(NAME + '.status', input.response.status_code.toString());
  return writeString(JSON.stringify(output));
}

/** Passes every chunk through, noting in the context that the stream reached it. */
export function http_stream_chunk_hook(ptr: u32, len: u32): u64 {
  const input = JSON.parse<StreamChunkInput>(readString(ptr, len));
  const output = new StreamChunkOutput();
  output.context = input.context;
  output.context.set<string>(NAME + '.stream', 'seen');
  output.chunk = input.chunk;
  output.has_chunk = true;
  return writeString(JSON.stringify(output));
}

export function cleanup(): i32 {
  config = new Config();
  return 0;
}
