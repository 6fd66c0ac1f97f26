import { defineConfig } from 'vitest/config';

// Tests against REAL software from Debian (runc, strace, etcd): `npm run test:real`, as root.
// They fail (never skip) when a tool is missing, naming the apt package; .ci/run installs them.
export default defineConfig({
  test: {
    root: new URL('../../', import.meta.url).pathname,
    include: ['tests/real/**/*.test.ts'],
    environment: 'node',
    // One real daemon at a time on a 2-core machine.
    fileParallelism: false,
    pool: 'forks',
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
