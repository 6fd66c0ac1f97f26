import { describe, expect, it } from 'vitest';
import { extractImports } from './imports.ts';

describe('extractImports', () => {
  it('finds every way a TS/TSX file can name a module, with its line', () => {
    const text = [
      "import type { A } from './a.ts';",
      "import './side-effect.ts';",
      "export { b } from './b.ts';",
      "export * as c from './c.ts';",
      "const d = await import('./d.ts');",
      "type E = import('./e.ts').E;",
      "const w = new Worker(new URL('./w.ts', import.meta.url), { type: 'module' });",
      "const g = import.meta.glob(['../../examples/*.yaml', './f/*.ts'], { query: '?raw' });",
      "import h = require('./h.ts');",
      'const i = import(name);',
      "const s = 'import x from \"./not-an-import.ts\"'; // import y from './nor-this.ts'",
      'const j = <div>{"import(\'./k.ts\')"}</div>;',
    ].join('\n');
    expect(extractImports('src/ui/x.tsx', text)).toEqual([
      { specifier: './a.ts', line: 1, via: 'import' },
      { specifier: './side-effect.ts', line: 2, via: 'import' },
      { specifier: './b.ts', line: 3, via: 'export' },
      { specifier: './c.ts', line: 4, via: 'export' },
      { specifier: './d.ts', line: 5, via: 'dynamic' },
      { specifier: './e.ts', line: 6, via: 'type' },
      { specifier: './w.ts', line: 7, via: 'url' },
      { specifier: '../../examples/*.yaml', line: 8, via: 'glob' },
      { specifier: './f/*.ts', line: 8, via: 'glob' },
      { specifier: './h.ts', line: 9, via: 'require' },
      { specifier: 'name', line: 10, via: 'dynamic', computed: true },
    ]);
  });

  it('keeps Vite query suffixes in the specifier', () => {
    expect(extractImports('src/app/m.ts', "import s from '../../examples/a.yaml?raw';\nimport W from '../worker/h.ts?worker';")).toEqual([
      { specifier: '../../examples/a.yaml?raw', line: 1, via: 'import' },
      { specifier: '../worker/h.ts?worker', line: 2, via: 'import' },
    ]);
  });
});
