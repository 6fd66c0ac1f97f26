import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';
import { startServer } from './support/server.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Where the app under test is served, ending in `/`. */
    baseURL: string;
  }
}

/**
 * Serves the app once for all end-to-end tests: E2E_BASE_URL if set (a server you run
 * yourself), else `vite preview` of dist/ (or the dev server when there is no build).
 */
export default async function setup(project: TestProject): Promise<(() => Promise<void>) | undefined> {
  const external = process.env.E2E_BASE_URL;
  if (external) {
    project.provide('baseURL', external.endsWith('/') ? external : `${external}/`);
    return undefined;
  }
  const root = fileURLToPath(new URL('../../', import.meta.url));
  const server = await startServer(root);
  console.log(`e2e: vite ${server.mode} on ${server.url} (pid ${server.pid})`);
  project.provide('baseURL', server.url);
  return () => server.stop();
}
