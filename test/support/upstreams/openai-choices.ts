// OpenAI's shapes for `n` > 1, made from the recorded single-choice answer: a chat.completion whose
// `choices` carry their `index`, and a stream in which each choice's chunks are interleaved with
// their own `index`, every choice ends with its own finish chunk, and one usage chunk (for the whole
// response: completion tokens summed over the choices) closes it, as OpenAI documents and sends.

type Json = Record<string, any>;

export function manyChoicesJson(recorded: string, n: number): Json {
  const one = JSON.parse(recorded) as Json;
  const choice = one.choices[0];
  const completion = one.usage.completion_tokens * n;
  return {
    ...one,
    choices: Array.from({ length: n }, (_, index) => ({ ...choice, index })),
    usage: { ...one.usage, completion_tokens: completion, total_tokens: one.usage.prompt_tokens + completion },
  };
}

export function manyChoicesChunks(recordedLines: readonly string[], n: number): string[] {
  const chunks = recordedLines.map((l) => JSON.parse(l) as Json);
  const usageChunk = chunks.find((c) => c.choices.length === 0 && c.usage)!;
  const content = chunks.filter((c) => c.choices.length > 0 && !c.choices[0].finish_reason);
  const finish = chunks.find((c) => c.choices[0]?.finish_reason)!;
  const out: string[] = [];
  for (const chunk of content) for (let index = 0; index < n; index++) out.push(JSON.stringify({ ...chunk, choices: [{ ...chunk.choices[0], index }] }));
  for (let index = 0; index < n; index++) out.push(JSON.stringify({ ...finish, choices: [{ ...finish.choices[0], index }] }));
  const completion = usageChunk.usage.completion_tokens * n;
  out.push(JSON.stringify({ ...usageChunk, usage: { ...usageChunk.usage, completion_tokens: completion, total_tokens: usageChunk.usage.prompt_tokens + completion } }));
  return out;
}
