export type GeminiMethod = 'generateContent' | 'streamGenerateContent' | 'batchEmbedContents' | 'countTokens';

/** The bare model id: clients may copy Google's resource name (`models/gemini-2.5-flash`). */
export const geminiModelId = (model: string): string => (model.startsWith('models/') ? model.slice('models/'.length) : model);

/** `{baseUrl}/models/{model}:{method}`; streams ask for SSE framing (`alt=sse`) instead of a JSON array. */
export function geminiUrl(baseUrl: string, model: string, method: GeminiMethod): string {
  const url = `${baseUrl.replace(/\/+$/, '')}/models/${encodeURIComponent(geminiModelId(model))}:${method}`;
  return method === 'streamGenerateContent' ? `${url}?alt=sse` : url;
}
