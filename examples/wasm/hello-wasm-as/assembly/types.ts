// Bifrost's hook inputs and outputs, typed for json-as. What this plugin passes through untouched
// stays JSON.Raw (copied as text); the context is a JSON.Obj because its keys are open.
import { JSON } from 'json-as';

@json
export class Config {
  greeting: string = 'hello';
}

@json
export class HTTPRequest {
  method: string = '';
  path: string = '';
  headers: Map<string, string> = new Map<string, string>();
  query: Map<string, string> = new Map<string, string>();
  body: JSON.Raw = new JSON.Raw('null');
  path_params: Map<string, string> = new Map<string, string>();
}

@json
export class HTTPPreInput {
  context: JSON.Obj = new JSON.Obj();
  request: HTTPRequest = new HTTPRequest();
}

@json
export class HTTPPreOutput {
  context: JSON.Obj = new JSON.Obj();
  request: HTTPRequest | null = null;
  response: JSON.Raw = new JSON.Raw('null');
  has_response: bool = false;
  error: string = '';
}

@json
export class HTTPResponse {
  status_code: i32 = 0;
  headers: Map<string, string> = new Map<string, string>();
  body: JSON.Raw = new JSON.Raw('null');
}

@json
export class HTTPPostInput {
  context: JSON.Obj = new JSON.Obj();
  request: JSON.Raw = new JSON.Raw('null');
  response: HTTPResponse = new HTTPResponse();
}

@json
export class HTTPPostOutput {
  context: JSON.Obj = new JSON.Obj();
  error: string = '';
}

@json
export class PreHookInput {
  context: JSON.Obj = new JSON.Obj();
  request: JSON.Raw = new JSON.Raw('null');
}

@json
export class PreHookOutput {
  context: JSON.Obj = new JSON.Obj();
  request: JSON.Raw = new JSON.Raw('null');
  short_circuit: JSON.Raw = new JSON.Raw('null');
  has_short_circuit: bool = false;
  error: string = '';
}

@json
export class PostHookInput {
  context: JSON.Obj = new JSON.Obj();
  response: JSON.Raw = new JSON.Raw('null');
  error: JSON.Raw = new JSON.Raw('null');
  has_error: bool = false;
}

@json
export class PostHookOutput {
  context: JSON.Obj = new JSON.Obj();
  response: JSON.Raw = new JSON.Raw('null');
  error: JSON.Raw = new JSON.Raw('null');
  has_error: bool = false;
  hook_error: string = '';
}

@json
export class StreamChunkInput {
  context: JSON.Obj = new JSON.Obj();
  request: JSON.Raw = new JSON.Raw('null');
  chunk: JSON.Raw = new JSON.Raw('null');
}

@json
export class StreamChunkOutput {
  context: JSON.Obj = new JSON.Obj();
  chunk: JSON.Raw = new JSON.Raw('null');
  has_chunk: bool = false;
  skip: bool = false;
  error: string = '';
}
