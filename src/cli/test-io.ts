import type { CliIO } from './io.ts';

/** An in-memory CliIO for tests: a fake disk, captured output. */
export interface MemoryIO extends CliIO {
  stdout: string;
  stderr: string;
  files: Map<string, string>;
}

export function memoryIO(files: Record<string, string> = {}): MemoryIO {
  const io: MemoryIO = {
    stdout: '',
    stderr: '',
    files: new Map(Object.entries(files)),
    out: (text) => {
      io.stdout += text;
    },
    err: (text) => {
      io.stderr += text;
    },
    readFile: (path) => {
      const text = io.files.get(path);
      if (text === undefined) throw Object.assign(new Error(`ENOENT: no such file or directory, open '${path}'`), { code: 'ENOENT' });
      return text;
    },
    writeFileAtomic: (path, text) => {
      if (path.startsWith('/read-only/')) throw Object.assign(new Error(`EACCES: permission denied, open '${path}'`), { code: 'EACCES' });
      io.files.set(path, text);
    },
    version: '9.9.9-test',
  };
  return io;
}
