// Coding agents through the gateway, offline: Claude Code (`claude -p`, ANTHROPIC_BASE_URL at the
// gateway's /anthropic) and Codex (`codex exec`, a custom model provider whose base_url is the
// gateway's /v1, Responses wire API) each complete a one-tool task, once with an Anthropic target
// and once with an OpenAI-compatible one. The built Worker is served with Miniflare, its providers
// pointing at the scripted tool-loop upstream (test/support/upstreams/tool-loop.ts), which asks
// for a harmless shell command and then quotes the tool's result. Each run must end with that
// result in the agent's answer, and the upstream must have received it in the request after the
// tool call. `node scripts/check-agents.mjs codex` runs one agent's runs only; with KEEP=1 the temp
// folder (the agents' homes, the upstream's records per run) stays after a passing run too.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import { serveBuiltWorker } from './serve-built-worker.mjs';

const root = resolve(import.meta.dirname, '..');
const RUN_TIMEOUT_MS = 120_000;
const CHECK_TIMEOUT_MS = 600_000;
// The command's output is not in its text, so only a command that ran can put it in an answer.
const COMMAND = 'echo heimdall-$((40+2))';
const MARK = 'heimdall-42';

const deadline = setTimeout(() => {
  console.log(`check-agents: FAILED, still running after ${CHECK_TIMEOUT_MS / 1000} s`);
  process.exit(1);
}, CHECK_TIMEOUT_MS);
deadline.unref();

// The scripted upstream is TypeScript shared with the vitest suites; Node 20 runs it once bundled.
const work = mkdtempSync(join(tmpdir(), 'heimdall-agents-'));
await build({ entryPoints: [join(root, 'test/support/upstreams/tool-loop-server.ts')], bundle: true, platform: 'node', format: 'esm', outfile: join(work, 'tool-loop-server.mjs'), logLevel: 'error' });
const { startToolLoopServer, readTurn, TOOL_RESULT_QUOTE } = await import(join(work, 'tool-loop-server.mjs'));
const upstream = await startToolLoopServer(resolve(root, '../shared/fixtures/providers'));

const config = {
  // Codex always offers its hosted web_search tool, which no target here can run: the operator
  // setting drops it (the answer's header names it) instead of refusing the request.
  client: { enable_logging: false, drop_unsupported_tools: true },
  providers: {
    openai: { keys: [{ name: 'check', value: 'sk-check-openai' }], network_config: { base_url: `${upstream.url}/openai/v1` } },
    anthropic: { keys: [{ name: 'check', value: 'sk-ant-check' }], network_config: { base_url: `${upstream.url}/anthropic/v1` } },
  },
  plugins: [],
};
const { mf, url } = await serveBuiltWorker({ main: 'test/clients/configured-gateway.ts', port: 0, bindings: { GATEWAY_CONFIG: JSON.stringify(config) } });
const gateway = url.origin;

/** Runs a command to its end or the timeout, with only the environment given (no inherited keys). */
function runBounded(cmd, args, { env, cwd }) {
  return new Promise((ok) => {
    const child = spawn(cmd, args, { cwd, env: { PATH: process.env.PATH, ...env }, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => {
      stderr += `\n(killed after ${RUN_TIMEOUT_MS / 1000} s)`;
      process.kill(-child.pid, 'SIGKILL');
    }, RUN_TIMEOUT_MS);
    child.on('close', (code) => {
      clearTimeout(timer);
      ok({ code, stdout, stderr });
    });
  });
}

const bin = (name) => join(root, 'node_modules', '.bin', name);
const PROMPT_TEXT = `Run \`${COMMAND}\` in the shell and tell me what it printed.`;

async function claudeCode(model) {
  const home = mkdtempSync(join(work, 'claude-home-'));
  const cwd = mkdtempSync(join(work, 'claude-cwd-'));
  const prompt = `${PROMPT_TEXT}\ncall Bash ${JSON.stringify({ command: COMMAND, description: 'Print a marker' })}`;
  const run = await runBounded(bin('claude'), ['-p', prompt, '--output-format', 'json', '--model', model, '--allowedTools', 'Bash'], {
    cwd,
    env: {
      HOME: home,
      ANTHROPIC_BASE_URL: `${gateway}/anthropic`,
      ANTHROPIC_API_KEY: 'sk-ant-unused-by-the-gateway',
      // Its side requests (titles, summaries) would name a Haiku model; keep them on the target.
      ANTHROPIC_SMALL_FAST_MODEL: model,
      DISABLE_TELEMETRY: '1',
      DISABLE_ERROR_REPORTING: '1',
      DISABLE_AUTOUPDATER: '1',
      CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
    },
  });
  let answer;
  try {
    answer = JSON.parse(run.stdout).result;
  } catch {
    answer = undefined;
  }
  return { run, answer };
}

async function codex(model) {
  const home = mkdtempSync(join(work, 'codex-home-'));
  const cwd = mkdtempSync(join(work, 'codex-cwd-'));
  writeFileSync(
    join(home, 'config.toml'),
    [
      `model = ${JSON.stringify(model)}`,
      'model_provider = "heimdall"',
      'approval_policy = "never"',
      'check_for_update_on_startup = false',
      '[model_providers.heimdall]',
      'name = "Heimdall"',
      `base_url = "${gateway}/v1"`,
      'wire_api = "responses"',
      'env_key = "HEIMDALL_API_KEY"',
      // A failure shows at once instead of after five reconnects.
      'request_max_retries = 0',
      'stream_max_retries = 0',
      '[analytics]',
      'enabled = false',
      '[feedback]',
      'enabled = false',
      '[otel]',
      'exporter = "none"',
      '[features]',
      'plugins = false',
      '',
    ].join('\n'),
  );
  const last = join(work, `codex-last-${Date.now()}.txt`);
  const run = await runBounded(bin('codex'), ['exec', '--skip-git-repo-check', '--ephemeral', '--color', 'never', '-s', 'danger-full-access', '-o', last, `${PROMPT_TEXT}\ncall exec_command ${JSON.stringify({ cmd: COMMAND })}`], {
    cwd,
    env: { HOME: home, CODEX_HOME: home, HEIMDALL_API_KEY: 'sk-unused-by-the-gateway' },
  });
  let answer;
  try {
    answer = readFileSync(last, 'utf8');
  } catch {
    answer = undefined;
  }
  return { run, answer };
}

// Model names carry their provider: the gateway routes a bare `claude-…` only through a routing
// rule or a virtual key's provider_configs, and this config has neither.
const runs = [
  ['claude-code', 'anthropic target', () => claudeCode('anthropic/claude-sonnet-4-5')],
  ['claude-code', 'openai target', () => claudeCode('openai/gpt-4o-mini')],
  ['codex', 'openai target', () => codex('openai/gpt-4o-mini')],
  ['codex', 'anthropic target', () => codex('anthropic/claude-sonnet-4-5')],
];
const only = process.argv.slice(2);
let failures = 0;
try {
  for (const [agent, target, start] of runs) {
    if (only.length > 0 && !only.includes(agent)) continue;
    const from = upstream.requests.length;
    const t0 = Date.now();
    const { run, answer } = await start();
    const seen = upstream.requests.slice(from);
    mkdirSync(join(work, 'records'), { recursive: true });
    writeFileSync(join(work, 'records', `${agent}-${target.split(' ')[0]}.json`), JSON.stringify(seen, null, 2));
    // The first request carries no tool result; one after it (the answer to the tool call) carries
    // the command's output as its last message.
    const results = seen.map((r) => readTurn(r.path, r.body)?.toolResult);
    const carried = seen.length >= 2 && results[0] === undefined && results.slice(1).some((t) => t?.includes(MARK));
    const problems = [];
    if (run.code !== 0) problems.push(`exit ${run.code}`);
    // The scripted model's quote of the result (Codex wraps the output in exit code and timing lines).
    if (typeof answer !== 'string' || !answer.trim().startsWith(TOOL_RESULT_QUOTE) || !answer.includes(MARK)) problems.push(`answer ${JSON.stringify(answer)?.slice(0, 300)} does not quote ${MARK}`);
    if (!carried) problems.push(`no upstream request carried the tool result (${seen.length} requests)`);
    const took = `${((Date.now() - t0) / 1000).toFixed(1)} s`;
    if (problems.length === 0) console.log(`check-agents: ${agent}, ${target}: ok in ${took}, ${seen.length} upstream requests (${[...new Set(seen.map((r) => r.path))].join(', ')}), the answer quotes the tool's ${MARK}`);
    else {
      failures++;
      console.log(`check-agents: ${agent}, ${target}: FAILED in ${took}: ${problems.join('; ')}\n  stderr: ${run.stderr.slice(-2000)}\n  stdout: ${run.stdout.slice(-2000)}\n  records: ${join(work, 'records')}`);
    }
  }
} finally {
  await mf.dispose();
  await upstream.close();
}
// The agents' homes and the upstream's records stay for a failed run to be read.
if (failures === 0 && !process.env.KEEP) rmSync(work, { recursive: true, force: true });
process.exit(failures > 0 ? 1 : 0);
