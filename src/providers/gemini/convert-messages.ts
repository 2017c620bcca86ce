import { GatewayError } from '../../errors/gateway-error';
import type { ChatMessage, ContentPart } from '../../types/chat';
import { ownValue } from '../../core/own-value';

// Canonical (OpenAI-shaped) messages → Gemini `contents` + `systemInstruction`.

export interface GeminiPart {
  text?: string;
  inlineData?: { mimeType: string; data: string };
  fileData?: { mimeType: string; fileUri: string };
  functionCall?: { name: string; args: Record<string, unknown> };
  functionResponse?: { name: string; response: Record<string, unknown> };
  thought?: boolean;
  thoughtSignature?: string;
}

export interface GeminiContent {
  role: 'user' | 'model';
  parts: GeminiPart[];
}

export interface GeminiMessages {
  contents: GeminiContent[];
  systemInstruction?: { parts: { text: string }[] };
}

/**
 * Gemini 3 rejects a replayed model turn whose first function call lacks the thought signature it
 * was sent with. A call that comes back with its signature (ToolCall.signature) carries it; for
 * history the model did not sign (another provider's turn, a client that dropped it) the documented
 * placeholder goes in its place (the model loses that step's hidden reasoning, nothing else).
 */
const UNSIGNED_THOUGHT = 'skip_thought_signature_validator';

const EXTENSION_MIME: Record<string, string> = {
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  webp: 'image/webp',
  gif: 'image/gif',
  heic: 'image/heic',
  heif: 'image/heif',
  pdf: 'application/pdf',
};

function guessMimeType(url: string): string {
  let path = url;
  try {
    path = new URL(url).pathname;
  } catch {
    // not a URL: guess from the string as given
  }
  const ext = path.slice(path.lastIndexOf('.') + 1).toLowerCase();
  return ownValue(EXTENSION_MIME, ext) ?? 'image/*';
}

/** `data:<mime>;base64,<data>` → inlineData; only base64 data URLs can be sent as bytes. */
function dataUrlPart(url: string, param: string): GeminiPart {
  const match = /^data:([^;,]+)?((?:;[^;,]*)*?);base64,(.*)$/s.exec(url);
  if (!match) throw GatewayError.invalidRequest(`${param} must be a base64 data URL or an https URL`, 'invalid_image_url', param);
  return { inlineData: { mimeType: match[1] ?? 'application/octet-stream', data: match[3] ?? '' } };
}

function mediaPart(url: string, param: string): GeminiPart {
  if (url.startsWith('data:')) return dataUrlPart(url, param);
  return { fileData: { fileUri: url, mimeType: guessMimeType(url) } };
}

const field = (obj: unknown, key: string): unknown =>
  obj !== null && typeof obj === 'object' ? (obj as Record<string, unknown>)[key] : undefined;

function contentPart(part: ContentPart, param: string): GeminiPart {
  const text = field(part, 'text');
  if (part.type === 'text' && typeof text === 'string') return { text };
  const imageUrl = field(field(part, 'image_url'), 'url');
  if (part.type === 'image_url' && typeof imageUrl === 'string') return mediaPart(imageUrl, `${param}.image_url.url`);
  const audio = field(part, 'input_audio');
  const audioData = field(audio, 'data');
  const audioFormat = field(audio, 'format');
  if (part.type === 'input_audio' && typeof audioData === 'string' && typeof audioFormat === 'string') {
    return { inlineData: { mimeType: `audio/${audioFormat}`, data: audioData } };
  }
  const fileData = field(field(part, 'file'), 'file_data');
  if (part.type === 'file' && typeof fileData === 'string') return dataUrlPart(fileData, `${param}.file.file_data`);
  throw GatewayError.invalidRequest(`${param}: content part type "${part.type}" is not supported by Gemini`, 'unsupported_content', param);
}

function contentParts(content: ChatMessage['content'], param: string): GeminiPart[] {
  if (content === null) return [];
  if (typeof content === 'string') return content === '' ? [] : [{ text: content }];
  return content.map((p, i) => contentPart(p, `${param}[${i}]`));
}

/** System and tool messages take text only; text parts are joined. */
function plainText(content: ChatMessage['content'], param: string): string {
  if (content === null || typeof content === 'string') return content ?? '';
  return content
    .map((p, i) => {
      const text = field(p, 'text');
      if (p.type !== 'text' || typeof text !== 'string') {
        throw GatewayError.invalidRequest(`${param}[${i}]: only text parts are allowed here`, 'unsupported_content', `${param}[${i}]`);
      }
      return text;
    })
    .join('');
}

function parseArguments(args: string, param: string): Record<string, unknown> {
  if (args.trim() === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(args);
  } catch {
    throw GatewayError.invalidRequest(`${param} is not valid JSON`, 'invalid_tool_arguments', param);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw GatewayError.invalidRequest(`${param} must be a JSON object`, 'invalid_tool_arguments', param);
  }
  return parsed as Record<string, unknown>;
}

/**
 * Gemini's own signed thoughts, sent back as thought parts with their signatures. Unsigned thought
 * text and other families' reasoning are not sent: Gemini reads prior turns' thinking only through
 * signatures (its thought summaries are output, not context).
 */
function signedThoughts(m: ChatMessage): GeminiPart[] {
  return (m.reasoning ?? []).flatMap((r): GeminiPart[] =>
    r.source === 'gemini' && r.signature && r.text !== '' ? [{ text: r.text, thought: true, thoughtSignature: r.signature }] : [],
  );
}

/**
 * A signature Gemini put on answer text (a reasoning part without text) goes back on the turn's
 * last text part, where it stood; with no text part it goes on an empty one, as Gemini streams it.
 */
function signTextPart(m: ChatMessage, parts: GeminiPart[]): void {
  for (const r of m.reasoning ?? []) {
    if (r.source !== 'gemini' || !r.signature || r.text !== '') continue;
    const last = parts.findLast((p) => p.text !== undefined && !p.thought && p.thoughtSignature === undefined);
    if (last) last.thoughtSignature = r.signature;
    else parts.push({ text: '', thoughtSignature: r.signature });
  }
}

export function toGeminiMessages(messages: ChatMessage[]): GeminiMessages {
  const system: { text: string }[] = [];
  const contents: GeminiContent[] = [];
  // Gemini names a function response by function, OpenAI by call id; the nearest earlier call wins,
  // so ids a provider reuses across turns (Gemini's own `call_0`) still resolve.
  const toolNames = new Map<string, string>();

  const push = (role: GeminiContent['role'], parts: GeminiPart[]) => {
    if (parts.length === 0) return;
    // Consecutive turns of one role merge: parallel tool results must answer in one turn.
    const last = contents.at(-1);
    if (last?.role === role) last.parts.push(...parts);
    else contents.push({ role, parts });
  };

  messages.forEach((m, i) => {
    const param = `messages[${i}]`;
    switch (m.role) {
      case 'system':
      case 'developer': {
        const text = plainText(m.content, `${param}.content`);
        if (text !== '') system.push({ text });
        return;
      }
      case 'user':
        return push('user', contentParts(m.content, `${param}.content`));
      case 'assistant': {
        const parts = [...signedThoughts(m), ...contentParts(m.content, `${param}.content`)];
        signTextPart(m, parts);
        (m.tool_calls ?? []).forEach((tc, j) => {
          toolNames.set(tc.id, tc.function.name);
          const call: GeminiPart = { functionCall: { name: tc.function.name, args: parseArguments(tc.function.arguments, `${param}.tool_calls[${j}].function.arguments`) } };
          // The call's own signature when it came from Gemini; else the placeholder for the first call.
          if (tc.signature) call.thoughtSignature = tc.signature;
          else if (j === 0) call.thoughtSignature = UNSIGNED_THOUGHT;
          parts.push(call);
        });
        return push('model', parts);
      }
      case 'tool': {
        // Legacy clients name the function on the tool message itself.
        const name = (m.tool_call_id === undefined ? undefined : toolNames.get(m.tool_call_id)) ?? m.name;
        if (name === undefined) {
          throw GatewayError.invalidRequest(
            `${param}.tool_call_id "${m.tool_call_id ?? ''}" does not match a tool call of an earlier assistant message`,
            'invalid_tool_call_id',
            `${param}.tool_call_id`,
          );
        }
        return push('user', [{ functionResponse: { name, response: { content: plainText(m.content, `${param}.content`) } } }]);
      }
    }
  });

  return system.length > 0 ? { contents, systemInstruction: { parts: system } } : { contents };
}
