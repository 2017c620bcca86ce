//! Heimdall's Rust example of a Bifrost WASM plugin: every hook of the ABI, each doing one visible
//! thing, so the tests (and a reader) can see the host carry each edit across. Build:
//! `cargo build --release --target wasm32-unknown-unknown` (the build step does it for you).

mod base64;
mod memory;

use serde_json::{json, Map, Value};
use std::cell::RefCell;

const NAME: &str = "hello-wasm-rust";

#[derive(Default)]
struct Config {
    /// Logged into the context and added as the `x-hello-wasm-rust` request header.
    greeting: String,
    /// http_pre_hook sets the body's `temperature` to this.
    set_temperature: Option<f64>,
    /// pre_hook puts this system message first.
    system_prompt: Option<String>,
    /// post_hook appends " [<greeting> provider/model]" (read back from the context) to each answer.
    sign: bool,
    /// http_stream_chunk_hook upper-cases every chunk's text.
    shout: bool,
    /// http_stream_chunk_hook drops chunks whose text contains this.
    drop_containing: Option<String>,
}

thread_local! {
    static CONFIG: RefCell<Config> = RefCell::new(Config::default());
}

fn output(value: Value) -> u64 {
    memory::write_output(value.to_string())
}

fn parse(ptr: u32, len: u32) -> Result<Value, String> {
    serde_json::from_str(&memory::read_input(ptr, len)).map_err(|e| format!("{NAME}: bad input: {e}"))
}

fn context_of(input: &Value) -> Map<String, Value> {
    input.get("context").and_then(Value::as_object).cloned().unwrap_or_default()
}

#[no_mangle]
pub extern "C" fn get_name() -> u64 {
    memory::write_output(NAME.to_string())
}

/// 0 = ok; 1 = the config is not an object; 2 = a field has the wrong type.
#[no_mangle]
pub extern "C" fn init(ptr: u32, len: u32) -> i32 {
    let text = memory::read_input(ptr, len);
    let raw: Value = if text.is_empty() { json!({}) } else { serde_json::from_str(&text).unwrap_or(Value::Null) };
    let obj = match raw.as_object() {
        Some(obj) => obj,
        None => return 1,
    };
    let text_field = |key: &str| obj.get(key).map(|v| v.as_str().map(str::to_string).ok_or(()));
    let flag = |key: &str| obj.get(key).map(|v| v.as_bool().ok_or(())).transpose();
    let config = (|| -> Result<Config, ()> {
        Ok(Config {
            greeting: text_field("greeting").transpose()?.unwrap_or_else(|| "hello".to_string()),
            set_temperature: obj.get("set_temperature").map(|v| v.as_f64().ok_or(())).transpose()?,
            system_prompt: text_field("system_prompt").transpose()?,
            sign: flag("sign")?.unwrap_or(false),
            shout: flag("shout")?.unwrap_or(false),
            drop_containing: text_field("drop_containing").transpose()?,
        })
    })();
    match config {
        Ok(c) => {
            CONFIG.with(|slot| *slot.borrow_mut() = c);
            0
        }
        Err(()) => 2,
    }
}

/// Adds a request header, optionally edits the JSON body, and answers `x-hello-wasm: answer` itself.
#[no_mangle]
pub extern "C" fn http_pre_hook(ptr: u32, len: u32) -> u64 {
    let input = match parse(ptr, len) {
        Ok(v) => v,
        Err(e) => return output(json!({ "error": e })),
    };
    let mut context = context_of(&input);
    let mut request = input.get("request").cloned().unwrap_or(Value::Null);
    let wants_answer = request["headers"]
        .as_object()
        .map(|h| h.iter().any(|(k, v)| k.eq_ignore_ascii_case("x-hello-wasm") && v == "answer"))
        .unwrap_or(false);
    if wants_answer {
        let body = json!({ "answered_by": NAME, "path": request["path"] }).to_string();
        return output(json!({
            "context": context,
            "has_response": true,
            "response": { "status_code": 200, "headers": { "content-type": "application/json" }, "body": base64::encode(body.as_bytes()) },
        }));
    }
    CONFIG.with(|c| {
        let c = c.borrow();
        context.insert(format!("{NAME}.path"), request["path"].clone());
        if let Some(headers) = request["headers"].as_object_mut() {
            headers.insert("x-hello-wasm-rust".into(), Value::String(c.greeting.clone()));
        }
        if let Some(t) = c.set_temperature {
            let body = request["body"].as_str().and_then(base64::decode).and_then(|b| serde_json::from_slice::<Value>(&b).ok());
            if let Some(mut body) = body {
                body["temperature"] = json!(t);
                request["body"] = Value::String(base64::encode(body.to_string().as_bytes()));
            }
        }
    });
    output(json!({ "context": context, "request": request, "has_response": false, "error": "" }))
}

/// Bifrost's name before `http_pre_hook`; hosts that only know it get the same hook.
#[no_mangle]
pub extern "C" fn http_intercept(ptr: u32, len: u32) -> u64 {
    http_pre_hook(ptr, len)
}

/// Records the status in the context (the ABI lets a WASM post hook observe, not edit, the response).
#[no_mangle]
pub extern "C" fn http_post_hook(ptr: u32, len: u32) -> u64 {
    let input = match parse(ptr, len) {
        Ok(v) => v,
        Err(e) => return output(json!({ "error": e })),
    };
    let mut context = context_of(&input);
    context.insert(format!("{NAME}.status"), input["response"]["status_code"].clone());
    output(json!({ "context": context, "error": "" }))
}

/// The last user message picks a short-circuit: "wasm: answer" answers, "wasm: refuse" refuses (429).
#[no_mangle]
pub extern "C" fn pre_hook(ptr: u32, len: u32) -> u64 {
    let input = match parse(ptr, len) {
        Ok(v) => v,
        Err(e) => return output(json!({ "error": e })),
    };
    let mut context = context_of(&input);
    let mut request = input.get("request").cloned().unwrap_or(Value::Null);
    // Go's field names (what this host sends); Bifrost's docs spell it chat_request.
    let key = if request.get("ChatRequest").map_or(false, |v| !v.is_null()) { "ChatRequest" } else { "chat_request" };
    let chat = match request.get_mut(key).filter(|v| v.is_object()) {
        Some(chat) => chat,
        None => return output(json!({ "context": context, "request": null, "has_short_circuit": false, "error": "" })),
    };
    let target = format!("{} {}/{}", CONFIG.with(|c| c.borrow().greeting.clone()), chat["provider"].as_str().unwrap_or(""), chat["model"].as_str().unwrap_or(""));
    context.insert(format!("{NAME}.target"), Value::String(target));
    let last_user = chat["input"].as_array().and_then(|m| m.iter().rev().find(|m| m["role"] == "user")).and_then(|m| m["content"].as_str()).unwrap_or("").to_string();
    if last_user == "wasm: answer" {
        let response = json!({ "ChatResponse": {
            "id": "chatcmpl-hello-wasm-rust", "object": "chat.completion", "created": 1_700_000_000, "model": chat["model"],
            "choices": [{ "index": 0, "message": { "role": "assistant", "content": format!("answered by {NAME}") }, "finish_reason": "stop" }],
            "usage": { "prompt_tokens": 3, "completion_tokens": 4, "total_tokens": 7 },
        }});
        return output(json!({ "context": context, "has_short_circuit": true, "short_circuit": { "response": response }, "error": "" }));
    }
    if last_user == "wasm: refuse" {
        let error = json!({ "is_bifrost_error": false, "status_code": 429, "error": { "type": "rate_limit", "code": "wasm_refused", "message": format!("refused by {NAME}") } });
        return output(json!({ "context": context, "has_short_circuit": true, "short_circuit": { "error": error }, "error": "" }));
    }
    if let Some(prompt) = CONFIG.with(|c| c.borrow().system_prompt.clone()) {
        if let Some(messages) = chat["input"].as_array_mut() {
            messages.insert(0, json!({ "role": "system", "content": prompt }));
        }
        return output(json!({ "context": context, "request": request, "has_short_circuit": false, "error": "" }));
    }
    output(json!({ "context": context, "request": null, "has_short_circuit": false, "error": "" }))
}

/// With `sign`, appends what pre_hook stored in the context to every answer; errors pass through.
#[no_mangle]
pub extern "C" fn post_hook(ptr: u32, len: u32) -> u64 {
    let input = match parse(ptr, len) {
        Ok(v) => v,
        Err(e) => return output(json!({ "hook_error": e })),
    };
    let context = context_of(&input);
    let mut response = input.get("response").cloned().unwrap_or(Value::Null);
    let has_error = input["has_error"].as_bool().unwrap_or(false);
    if !has_error && CONFIG.with(|c| c.borrow().sign) {
        let signature = context.get(&format!("{NAME}.target")).and_then(Value::as_str).unwrap_or("?").to_string();
        let key = if response.get("ChatResponse").map_or(false, |v| !v.is_null()) { "ChatResponse" } else { "chat_response" };
        if let Some(choices) = response.get_mut(key).and_then(|r| r.get_mut("choices")).and_then(Value::as_array_mut) {
            for choice in choices {
                // A whole answer has `message`; a stream chunk has `delta`, and is signed on its finish.
                if let Some(content) = choice.get_mut("message").and_then(|m| m.get_mut("content")).filter(|c| c.is_string()) {
                    *content = Value::String(format!("{} [{signature}]", content.as_str().unwrap_or("")));
                }
            }
        }
    }
    output(json!({ "context": context, "response": response, "error": input["error"], "has_error": has_error, "hook_error": "" }))
}

/// Upper-cases streamed text with `shout`; drops chunks containing `drop_containing`.
#[no_mangle]
pub extern "C" fn http_stream_chunk_hook(ptr: u32, len: u32) -> u64 {
    let input = match parse(ptr, len) {
        Ok(v) => v,
        Err(e) => return output(json!({ "error": e })),
    };
    let mut context = context_of(&input);
    let mut chunk = input.get("chunk").cloned().unwrap_or(Value::Null);
    let count = context.get(&format!("{NAME}.chunks")).and_then(Value::as_u64).unwrap_or(0) + 1;
    context.insert(format!("{NAME}.chunks"), json!(count));
    let (shout, drop_containing) = CONFIG.with(|c| (c.borrow().shout, c.borrow().drop_containing.clone()));
    let text = chunk["choices"][0]["delta"]["content"].as_str().map(str::to_string);
    if let (Some(text), Some(word)) = (&text, &drop_containing) {
        if text.contains(word.as_str()) {
            return output(json!({ "context": context, "chunk": null, "has_chunk": false, "skip": true, "error": "" }));
        }
    }
    if let (Some(text), true) = (&text, shout) {
        chunk["choices"][0]["delta"]["content"] = Value::String(text.to_uppercase());
    }
    output(json!({ "context": context, "chunk": chunk, "has_chunk": true, "skip": false, "error": "" }))
}

#[no_mangle]
pub extern "C" fn cleanup() -> i32 {
    CONFIG.with(|slot| *slot.borrow_mut() = Config::default());
    0
}
