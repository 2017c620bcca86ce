// The README's test command: type-check (the Worker, and the web UI's client script), every suite
// inside workerd, the /metrics check with promtool and the web UI's end-to-end run in Chromium
// (each when installed; CI installs both), 32 concurrent clients against the built Worker, Claude
// Code and Codex through the gateway, then the plain closing line CI reads (`vitest: N passed, N
// failed`), since vitest's own summary is not one it knows.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const run = (cmd, args) => spawnSync(cmd, args, { stdio: 'inherit', env: { ...process.env, WRANGLER_SEND_METRICS: 'false' } }).status ?? 1;

// The WASM plugins and their generated imports first: the type check and the suites import them.
if (run('node', ['scripts/build-wasm.mjs', '--all']) !== 0) process.exit(1);
if (run('npx', ['tsc', '--noEmit', '-p', '.']) !== 0 || run('npx', ['tsc', '--noEmit', '-p', 'tsconfig.ui.json']) !== 0) {
  console.log('typecheck failed');
  process.exit(1);
}
const report = join(mkdtempSync(join(tmpdir(), 'heimdall-vitest-')), 'report.json');
const status = run('npx', ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...process.argv.slice(2)]);
let passed = 0;
let failed = 0;
try {
  const r = JSON.parse(readFileSync(report, 'utf8'));
  passed = r.numPassedTests;
  failed = r.numFailedTests + (r.numTotalTestSuites > 0 && r.success === false && r.numFailedTests === 0 ? 1 : 0);
} catch {
  failed = 1;
}
const promtool = spawnSync('promtool', ['--version'], { stdio: 'ignore' });
if (promtool.error) console.log('check-metrics: skipped (promtool not installed: apt-get install prometheus)');
else if (run('node', ['scripts/check-metrics.mjs']) === 0) passed++;
else failed++;
const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
if (!existsSync(chromium)) console.log(`check-ui: skipped (${chromium} not installed: apt-get install chromium)`);
else if (run('node', ['scripts/check-ui.mjs']) === 0) passed++;
else failed++;
// Many requests at once in one isolate: what single-context suites cannot see.
if (run('node', ['scripts/check-concurrency.mjs']) === 0) passed++;
else failed++;
// Claude Code and Codex through the built Worker (both are dev dependencies: nothing to skip).
if (run('node', ['scripts/check-agents.mjs']) === 0) passed++;
else failed++;
console.log(`vitest: ${passed} passed, ${failed} failed`);
process.exit(status !== 0 || failed > 0 || passed === 0 ? 1 : 0);
