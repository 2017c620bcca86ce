import { spawnSync } from 'node:child_process';
import type { TestProject } from 'vitest/node';
import { startMockUpstream } from './mock-upstream';

declare module 'vitest' {
  export interface ProvidedContext {
    upstreamUrl: string;
  }
}

/** One mock provider server on loopback for the whole run; workers reach it with real fetch. */
export default async function setup(project: TestProject) {
  // The WASM plugins the suites load, built from source when stale (a no-op after scripts/test.mjs ran it).
  if (spawnSync('node', ['scripts/build-wasm.mjs', '--all'], { stdio: 'inherit' }).status !== 0) throw new Error('scripts/build-wasm.mjs failed');
  const upstream = await startMockUpstream();
  project.provide('upstreamUrl', upstream.url);
  return () => upstream.close();
}
