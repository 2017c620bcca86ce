import type { ChatRequest } from '../../src/types/chat';
import { compileMessageRegex, type MockResponse, type MockRule } from './config-schema';

/** A source of uniform numbers in [0, 1), as Math.random; injected so tests are deterministic. */
export type Random = () => number;

export interface CompiledRule {
  readonly rule: MockRule;
  readonly regex: RegExp | undefined;
  readonly totalWeight: number;
}

/** Enabled rules, highest priority first; equal priorities keep their listed order (stable sort). */
export function compileRules(rules: readonly MockRule[]): CompiledRule[] {
  return rules
    .filter((rule) => rule.enabled)
    .map((rule) => ({
      rule,
      regex: rule.conditions.message_regex === undefined ? undefined : compileMessageRegex(rule.conditions.message_regex),
      totalWeight: rule.responses.reduce((sum, r) => sum + r.weight, 0),
    }))
    .sort((a, b) => b.rule.priority - a.rule.priority);
}

const encoder = new TextEncoder();

/** Views of the request that cost something, computed at most once and only if a rule asks. */
class RequestFacts {
  private text: string | undefined;
  private bytes: number | undefined;

  constructor(private readonly req: ChatRequest) {}

  /** Every message's string content and text parts, joined by spaces (as Bifrost joins them). */
  get messageText(): string {
    this.text ??= this.req.messages.flatMap((m) => contentTexts(m.content)).join(' ');
    return this.text;
  }

  /** UTF-8 byte length of the messages as JSON. */
  get size(): number {
    this.bytes ??= encoder.encode(JSON.stringify(this.req.messages)).byteLength;
    return this.bytes;
  }
}

function contentTexts(content: ChatRequest['messages'][number]['content']): string[] {
  if (typeof content === 'string') return [content];
  if (!Array.isArray(content)) return [];
  const texts: string[] = [];
  for (const part of content) {
    if (part.type === 'text' && 'text' in part && typeof part.text === 'string') texts.push(part.text);
  }
  return texts;
}

function matches({ rule, regex }: CompiledRule, req: ChatRequest, facts: RequestFacts): boolean {
  const { providers, models, request_size: size } = rule.conditions;
  if (providers.length > 0 && !providers.includes(req.provider)) return false;
  if (models.length > 0 && !models.includes(req.model)) return false;
  if (regex && !regex.test(facts.messageText)) return false;
  if (size && (facts.size < size.min || (size.max !== undefined && facts.size > size.max))) return false;
  return true;
}

/** Probability 1 always fires and 0 never does, neither consuming a random number. */
function fires(probability: number, random: Random): boolean {
  if (probability >= 1) return true;
  if (probability <= 0) return false;
  return random() < probability;
}

/**
 * The first rule, in priority order, whose conditions match and whose probability roll succeeds.
 * A failed roll is as if that rule had not matched: the search goes on to the next rule.
 */
export function selectRule(rules: readonly CompiledRule[], req: ChatRequest, random: Random): CompiledRule | undefined {
  const facts = new RequestFacts(req);
  return rules.find((compiled) => matches(compiled, req, facts) && fires(compiled.rule.probability, random));
}

/** Weighted random choice; a single response is returned without consuming a random number. */
export function pickResponse({ rule, totalWeight }: CompiledRule, random: Random): MockResponse | undefined {
  const { responses } = rule;
  if (responses.length <= 1) return responses[0];
  let roll = random() * totalWeight;
  for (const response of responses) {
    roll -= response.weight;
    if (roll < 0) return response;
  }
  return responses[responses.length - 1]; // rounding left a sliver past the last weight
}
