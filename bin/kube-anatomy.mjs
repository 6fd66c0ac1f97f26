#!/usr/bin/env node
// The `kube-anatomy` command. The sources are TypeScript; tsx compiles them on the fly, so the
// command works from a checkout without a build step: `npx kube-anatomy run <script>`.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/main.ts');
const { nodeIO } = await import('../src/cli/node-io.ts');
process.exitCode = await main(process.argv.slice(2), nodeIO());
