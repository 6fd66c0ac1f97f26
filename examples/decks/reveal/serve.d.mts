/** Types of serve.mjs, for the TypeScript e2e tests that start it. */
export function serveRepo(options?: { root?: string; port?: number; host?: string }): Promise<{ url: string; close(): Promise<void> }>;
