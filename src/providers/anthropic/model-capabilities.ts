/**
 * What a Claude model accepts, where the request depends on it. From Anthropic's structured-outputs
 * page (GA on Opus 4.1+, Sonnet 4.5+, Haiku 4.5 and later; earlier models have no `output_config.format`)
 * and its adaptive-thinking page (4.6 and later; Opus 4.7 and later accept only adaptive thinking
 * and the `xhigh` effort), as the Vercel AI SDK's Anthropic provider tabulates them
 * (`getModelCapabilities`). Bedrock ids (`anthropic.claude-…`) match by the same substrings.
 */
export interface ClaudeCapabilities {
  structuredOutput: boolean;
  adaptiveThinking: boolean;
  /** `output_config.effort: "xhigh"`; models with adaptive thinking but not this take `max` as their top level. */
  xhighEffort: boolean;
}

const LEGACY = /claude-(?:instant|v?2(?=$|[-.:])|3(?=$|[-.]))/;

export function claudeCapabilities(model: string): ClaudeCapabilities {
  const has = (...names: string[]) => names.some((n) => model.includes(n));
  if (has('claude-opus-4-6', 'claude-sonnet-4-6')) return { structuredOutput: true, adaptiveThinking: true, xhighEffort: false };
  if (has('claude-sonnet-4-5', 'claude-opus-4-5', 'claude-haiku-4-5', 'claude-opus-4-1')) return { structuredOutput: true, adaptiveThinking: false, xhighEffort: false };
  // Sonnet 4 and Opus 4 (no minor version), the 3.x family and older.
  if (/claude-(?:sonnet|opus)-4(?:$|-\d{8}|@|-v|:)/.test(model) || has('claude-3-', 'claude-3.') || LEGACY.test(model)) {
    return { structuredOutput: false, adaptiveThinking: false, xhighEffort: false };
  }
  // Opus 4.7 and later, 5.x, and Claude names newer than this table: the current generation.
  if (model.includes('claude-')) return { structuredOutput: true, adaptiveThinking: true, xhighEffort: true };
  // A non-Claude model behind an Anthropic-compatible API: assume the oldest behaviour.
  return { structuredOutput: false, adaptiveThinking: false, xhighEffort: false };
}
