/**
 * For the single-file build (vite.single.config.ts): the sources start their workers as
 * `new Worker(new URL('../worker/X.worker.ts', import.meta.url), { type: 'module' })`, which the
 * hosted build turns into a separate worker file — one a file:// page cannot load. This rewrites
 * that exact form to Vite's inline worker (`?worker&inline`: the worker's code in a blob: URL,
 * a data: URL where blob: is refused), so the worker ships inside the one HTML file.
 */
const WORKER_NEW_URL = /new Worker\(\s*new URL\(\s*'(\.\.\/worker\/[\w.-]+\.worker\.ts)',\s*import\.meta\.url\s*\)\s*,\s*\{\s*type:\s*'module'\s*\}\s*\)/g;

export function inlineWorkers(code: string): { code: string; count: number } {
  const imports: string[] = [];
  const out = code.replace(WORKER_NEW_URL, (_m, path: string) => {
    const name = `__kaInlineWorker${imports.length}`;
    imports.push(`import ${name} from '${path}?worker&inline';`);
    return `new ${name}()`;
  });
  return { code: imports.length ? `${imports.join('\n')}\n${out}` : out, count: imports.length };
}
