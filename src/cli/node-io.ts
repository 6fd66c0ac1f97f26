import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import type { CliIO } from './io.ts';

/** The real terminal and file system. */
export function nodeIO(): CliIO {
  // `kube-anatomy run … | head` closes the pipe early: stop quietly, as other CLIs do.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(0);
    throw e;
  });
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version?: string };
  return {
    out: (text) => void process.stdout.write(text),
    err: (text) => void process.stderr.write(text),
    readFile: (path) => readFileSync(path, 'utf8'),
    writeFileAtomic: (path, text) => {
      // *.tmp beside the target, then rename: a viewer watching the file never reads half a trace
      const tmp = `${path}.tmp`;
      writeFileSync(tmp, text);
      renameSync(tmp, path);
    },
    version: pkg.version ?? '0.0.0',
  };
}
