import * as z from '../../zod';
import { formatIssues } from '../../config/format-issues';
import { GatewayError } from '../../errors/gateway-error';

// Responses tools → the canonical (OpenAI chat) tool list. Function tools are flat in the Responses
// API (`{type, name, description, parameters, strict}`) and nested under `function` in chat.
// `namespace` groups function tools (Codex sends its MCP tools that way: `{type: 'namespace', name,
// description, tools: [function tools]}`, and calls come back with the namespace beside the name);
// a chat upstream has no groups, so its function tools are flattened, and two with one name are a 400.
// Every other type (web_search, file_search, code_interpreter, computer_use, mcp, image_generation,
// custom, …) is hosted by OpenAI's Responses API and cannot run behind a chat-completions upstream.

const functionTool = z.looseObject({
  type: z.literal('function'),
  name: z.string().check(z.minLength(1), z.maxLength(128)),
  description: z.nullish(z.string().check(z.maxLength(100_000))),
  parameters: z.nullish(z.record(z.string(), z.unknown())),
  strict: z.nullish(z.boolean()),
});
const namespaceTool = z.looseObject({ type: z.literal('namespace'), name: z.string().check(z.minLength(1), z.maxLength(128)), description: z.nullish(z.string()), tools: z.array(functionTool).check(z.maxLength(512)) });

export const toolsSchema = z.array(z.looseObject({ type: z.string().check(z.minLength(1), z.maxLength(64)) })).check(z.maxLength(512));

export const toolChoiceSchema = z.union([
  z.enum(['auto', 'none', 'required']),
  z.looseObject({ type: z.string().check(z.minLength(1), z.maxLength(64)), name: z.optional(z.string().check(z.maxLength(128))) }),
]);

type FunctionTool = z.output<typeof functionTool>;

interface MappedTools {
  /** The chat tool list for `params.tools`. */
  chat: Record<string, unknown>[];
  /** The client's tools as the response echoes them: the dropped ones left out. */
  echo: Record<string, unknown>[];
  /** Hosted tool types dropped because the operator allows it. */
  dropped: string[];
  /** A flattened function's namespace: its calls go back to the client named with it. */
  namespaces: Record<string, string>;
}

const toolError = (message: string, param: string) => GatewayError.invalidRequest(message, 'unsupported_tool', param);

function strictParse<S extends z.ZodMiniType>(schema: S, value: unknown, param: string): z.output<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw GatewayError.invalidRequest(`${param}: ${formatIssues(parsed.error.issues, value)}`, 'invalid_value', param);
  return parsed.data;
}

const chatTool = (t: FunctionTool) => ({
  type: 'function',
  function: {
    name: t.name,
    ...(t.description != null && { description: t.description }),
    parameters: t.parameters ?? { type: 'object', properties: {} },
    ...(t.strict != null && { strict: t.strict }),
  },
});

/** `tools` → chat tools; a hosted tool is a 400 naming it unless `dropHosted` (then it is listed in `dropped`). */
export function mapTools(tools: z.output<typeof toolsSchema>, dropHosted: boolean): MappedTools {
  const out: MappedTools = { chat: [], echo: [], dropped: [], namespaces: {} };
  const names = new Set<string>();
  const add = (t: FunctionTool, param: string) => {
    if (names.has(t.name)) throw toolError(`${param}: two function tools are named "${t.name}"; a chat-completions upstream has no namespaces to tell them apart`, param);
    names.add(t.name);
    out.chat.push(chatTool(t));
  };
  tools.forEach((tool, i) => {
    const param = `tools[${i}]`;
    if (tool.type === 'function') add(strictParse(functionTool, tool, param), param);
    else if (tool.type === 'namespace') {
      const ns = strictParse(namespaceTool, tool, param);
      ns.tools.forEach((t, j) => {
        add(t, `${param}.tools[${j}]`);
        out.namespaces[t.name] = ns.name;
      });
    }
    else if (dropHosted) {
      out.dropped.push(tool.type);
      return;
    } else {
      throw toolError(
        `${param}: "${tool.type}" is a tool hosted by OpenAI's Responses API; Heimdall answers /v1/responses through chat completions, which cannot run it (an operator may set client.drop_unsupported_tools to drop such tools)`,
        param,
      );
    }
    out.echo.push(tool);
  });
  return out;
}

/** `tool_choice` in chat terms; choosing a hosted tool is a 400 (dropping it would change what was asked). */
export function mapToolChoice(choice: z.output<typeof toolChoiceSchema>): unknown {
  if (typeof choice === 'string') return choice;
  if (choice.type === 'function' && choice.name) return { type: 'function', function: { name: choice.name } };
  throw toolError(`tool_choice of type "${choice.type}" cannot be served through a chat-completions upstream`, 'tool_choice');
}
