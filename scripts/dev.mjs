// `npm start`: the gateway on http://127.0.0.1:8787 (PORT to change), fully offline on miniflare's
// local D1 and KV. The environment below stops wrangler from phoning home or asking questions.
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { appendFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
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

// A local admin token for /api/*, kept in the git-ignored .dev.vars like any other local secret.
const devVars = resolve(root, '.dev.vars');
const vars = existsSync(devVars) ? readFileSync(devVars, 'utf8') : '';
const match = vars.match(/^HEIMDALL_ADMIN_TOKEN=(.*)$/m);
const token = match ? match[1] : `dev-${randomBytes(12).toString('hex')}`;
const lines = [];
if (!match) lines.push(`HEIMDALL_ADMIN_TOKEN=${token}`);
// The shipped config's mocker answers only where this is set: here, locally, not in a deploy.
// Set it to 0 to reach real providers.
if (!/^HEIMDALL_OFFLINE_DEMO=/m.test(vars)) lines.push('HEIMDALL_OFFLINE_DEMO=1');
if (lines.length > 0) appendFileSync(devVars, `${vars && !vars.endsWith('\n') ? '\n' : ''}${lines.join('\n')}\n`);

const wrangler = (args, stdio) => spawnSync('npx', ['wrangler', ...args], { cwd: root, env, stdio });
const migrate = wrangler(['d1', 'migrations', 'apply', 'DB', '--local'], ['ignore', 'ignore', 'inherit']);
if (migrate.status !== 0) process.exit(migrate.status ?? 1);

const port = process.env.PORT ?? '8787';
console.log(`Heimdall: http://127.0.0.1:${port}  (web UI at /ui; admin token for it and /api/*: ${token}, from .dev.vars)`);
const child = spawn('npx', ['wrangler', 'dev', '--ip', '127.0.0.1', '--port', port, ...process.argv.slice(2)], { cwd: root, env, stdio: 'inherit' });
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
child.on('exit', (code) => process.exit(code ?? 0));
