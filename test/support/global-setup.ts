import type { TestProject } from 'vitest/node';
import { startMockUpstream } from './mock-upstream';

declare module 'vitest' {
  export interface ProvidedContext {
    upstreamUrl: string;
  }
}

/** One mock provider server on loopback for the whole run; workers reach it with real fetch. */
export default async function setup(project: TestProject) {
  const upstream = await startMockUpstream();
  project.provide('upstreamUrl', upstream.url);
  return () => upstream.close();
}
