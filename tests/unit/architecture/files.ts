import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SourceFile } from './check.ts';

/** The project root (this file is tests/unit/architecture/files.ts). */
export const PROJECT_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** Every .ts/.tsx file under `dir` (a folder of the project root), as checker input. */
export function readSourceFiles(dir = 'src', root = PROJECT_ROOT): SourceFile[] {
  const out: SourceFile[] = [];
  const walk = (abs: string): void => {
    for (const entry of readdirSync(abs, { withFileTypes: true })) {
      const child = join(abs, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== 'node_modules') walk(child);
      } else if (/\.tsx?$/.test(entry.name)) {
        out.push({ path: relative(root, child).split(sep).join('/'), text: readFileSync(child, 'utf8') });
      }
    }
  };
  walk(join(root, dir));
  return out.sort((a, b) => (a.path < b.path ? -1 : 1));
}
