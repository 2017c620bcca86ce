// `npm start`: the gateway on http://127.0.0.1:8787 (PORT to change), fully offline on miniflare's
// local storage. The environment below stops wrangler from phoning home or asking questions.
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const xdg = resolve(root, '.xdg');
mkdirSync(xdg, { recursive: true });
const env = {
  ...process.env,
  WRANGLER_SEND_METRICS: 'false',
  CLOUDFLARE_CF_FETCH_ENABLED: 'false',
  WRANGLER_HIDE_BANNER: 'true',
  XDG_CONFIG_HOME: xdg,
};
const port = process.env.PORT ?? '8787';
const child = spawn('npx', ['wrangler', 'dev', '--ip', '127.0.0.1', '--port', port, ...process.argv.slice(2)], { cwd: root, env, stdio: 'inherit' });
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
child.on('exit', (code) => process.exit(code ?? 0));
