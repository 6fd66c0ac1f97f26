import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { inlineWorkers } from './inline-workers.ts';

describe('inlineWorkers', () => {
  it('rewrites both sources that start a worker (what the single file relies on)', () => {
    const files = [
      [new URL('../../source/simulation-source.ts', import.meta.url), 'engine'],
      [new URL('../../source/replay-file-source.ts', import.meta.url), 'import'],
    ] as const;
    for (const [file, worker] of files) {
      const code = readFileSync(file, 'utf8');
      const r = inlineWorkers(code);
      expect(r.count, `${file} no longer starts its worker in the form vite.single.config.ts rewrites`).toBe(1);
      expect(r.code).toContain(`import __kaInlineWorker0 from '../worker/${worker}.worker.ts?worker&inline';`);
      expect(r.code).toContain('new __kaInlineWorker0()');
      expect(r.code).not.toContain('new URL(');
    }
  });

  it('leaves other code alone', () => {
    const code = "const w = new Worker('x.js');\nnew Worker(new URL('./other.js', import.meta.url));";
    expect(inlineWorkers(code)).toEqual({ code, count: 0 });
  });
});
