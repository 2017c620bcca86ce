// The peer figures in the same `npm run bench`: ../shared/bench-peers/run.mjs against this project
// (a bare Worker, Heimdall's production bundle with logging on and off, Portkey's Workers build, one
// workerd each, interleaved; its README says how each is built and checked). Its report, Markdown,
// is printed as it comes; the exit code is its own (0 all checks passed, 1 a check failed, 2 cut).
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const PEERS_DIR = path.resolve(repoRoot, '..', 'shared', 'bench-peers');
/** Where this machine keeps its bare clone of Portkey-AI/gateway, when PORTKEY_GIT_DIR does not say. */
const MIRROR = '/work/.mirror/Portkey-AI+gateway/repo';

/** Why the peer bench cannot run here, or undefined when it can. */
export function peersMissing(env = process.env) {
  if (!existsSync(path.join(PEERS_DIR, 'run.mjs'))) return `${PEERS_DIR}/run.mjs not found`;
  if (!existsSync(path.join(PEERS_DIR, 'node_modules'))) return `run \`npm ci\` in ${PEERS_DIR} first`;
  if (!env.PORTKEY_GIT_DIR && !env.PORTKEY_SRC && !existsSync(MIRROR)) return 'set PORTKEY_GIT_DIR to a bare git clone of Portkey-AI/gateway';
  return undefined;
}

export function runPeers(env = process.env) {
  const childEnv = { ...env, ...(!env.PORTKEY_GIT_DIR && !env.PORTKEY_SRC ? { PORTKEY_GIT_DIR: MIRROR } : {}) };
  const child = spawn(process.execPath, [path.join(PEERS_DIR, 'run.mjs'), repoRoot], { cwd: PEERS_DIR, env: childEnv, stdio: ['ignore', 'inherit', 'inherit'] });
  return new Promise((resolve) => child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0))));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const missing = peersMissing();
  if (missing) {
    console.error(`bench peers: ${missing}`);
    process.exit(1);
  }
  process.exit(await runPeers());
}
