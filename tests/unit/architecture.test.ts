import { describe, expect, it } from 'vitest';
import { findAmbientUses, formatAmbientUse } from './architecture/ambient.ts';
import { checkDependencies, formatViolation, type SourceFile } from './architecture/check.ts';
import { readSourceFiles } from './architecture/files.ts';

/**
 * The dependency rule of DESIGN.md 2 and the determinism rule of DESIGN.md 1.2, checked on the
 * real src/ tree. The rule table is tests/unit/architecture/rules.ts. The planted file sets below
 * show that the checkers do fail, and what they say when they do.
 */

/** Builds an in-memory file set from `path: text` pairs. */
function fileSet(files: Record<string, string>): SourceFile[] {
  return Object.entries(files).map(([path, text]) => ({ path, text }));
}

describe('dependency rule (DESIGN.md 2)', () => {
  it('holds for every import in src/**', () => {
    const files = readSourceFiles('src');
    // The lead's skeleton alone has more than this; an empty read would prove nothing.
    expect(files.length).toBeGreaterThan(5);
    expect(checkDependencies(files).map(formatViolation)).toEqual([]);
  });

  it('reports each forbidden edge of a planted file set, and nothing for the allowed ones', () => {
    const planted = fileSet({
      // Forbidden.
      'src/base/x.ts': "import { y } from '../ui/y.tsx';\n",
      'src/ui/v.tsx': "import { runScenario } from '../engine/index.ts';\nexport const v = runScenario;\n",
      'src/engine/e.ts': "// the word react in a comment is no import\nimport { useState } from 'react';\n",
      'src/engine/r.ts': "export const load = () => import('../replay/strace.ts');\n",
      'src/timeline/t.ts': "import type { Scenario } from '../engine/scenario/types.ts';\n",
      'src/domain/d.ts': "import { readFileSync } from 'node:fs';\nimport { join } from 'path';\n",
      'src/ui/w.tsx': "import { createMachine } from 'xstate';\n",
      'src/ui/c.tsx': "export * from '../cli/main.ts';\n",
      'src/trace/s.ts': "import * as d3 from 'd3-scale';\nconst u = new URL('../engine/w.ts', import.meta.url);\n",
      'src/engine/f.ts': "import { x } from './x';\nimport left from 'left-pad';\n",
      'src/main.tsx': "import './app/main.tsx';\n",
      'src/replay/b.ts': "const raw = import('../../bench/fixture.json?raw');\n",
      // Allowed.
      'src/ui/machines/player.ts': "import { setup } from 'xstate';\nimport type { Micros } from '../../base/time.ts';\n",
      'src/source/sim.ts': "import SimWorker from '../worker/host.ts?worker';\nimport { runScenario } from '../engine/index.ts';\n",
      'src/worker/host.ts': "import { runScenario } from '../engine/index.ts';\nimport { importStrace } from '../replay/strace.ts';\n",
      'src/app/main.tsx': "import hello from '../../examples/hello-deployment.scenario.yaml?raw';\nimport { createRoot } from 'react-dom/client';\n",
      'src/cli/main.ts': "import { readFile } from 'node:fs/promises';\nimport { serve } from '../server/serve.ts';\n",
      'src/engine/golden.test.ts': "import { readFileSync } from 'node:fs';\nimport { it } from 'vitest';\n",
      'src/vite-env.d.ts': '/// <reference types="vite/client" />\n',
      'src/ui/strings.ts': "const s = \"import x from '../engine/index.ts'\";\n",
    });

    expect(checkDependencies(planted).map(({ file, line, specifier, rule }) => ({ file, line, specifier, rule }))).toEqual([
      { file: 'src/base/x.ts', line: 1, specifier: '../ui/y.tsx', rule: 'layer' },
      { file: 'src/domain/d.ts', line: 1, specifier: 'node:fs', rule: 'package' },
      { file: 'src/domain/d.ts', line: 2, specifier: 'path', rule: 'package' },
      { file: 'src/engine/e.ts', line: 2, specifier: 'react', rule: 'package' },
      { file: 'src/engine/f.ts', line: 1, specifier: './x', rule: 'extension' },
      { file: 'src/engine/f.ts', line: 2, specifier: 'left-pad', rule: 'unknown-package' },
      { file: 'src/engine/r.ts', line: 1, specifier: '../replay/strace.ts', rule: 'layer' },
      { file: 'src/main.tsx', line: 1, specifier: '', rule: 'unknown-folder' },
      { file: 'src/replay/b.ts', line: 1, specifier: '../../bench/fixture.json?raw', rule: 'outside-src' },
      { file: 'src/timeline/t.ts', line: 1, specifier: '../engine/scenario/types.ts', rule: 'layer' },
      { file: 'src/trace/s.ts', line: 1, specifier: 'd3-scale', rule: 'package' },
      { file: 'src/trace/s.ts', line: 2, specifier: '../engine/w.ts', rule: 'layer' },
      { file: 'src/ui/c.tsx', line: 1, specifier: '../cli/main.ts', rule: 'layer' },
      { file: 'src/ui/v.tsx', line: 1, specifier: '../engine/index.ts', rule: 'layer' },
      { file: 'src/ui/w.tsx', line: 1, specifier: 'xstate', rule: 'package' },
    ]);
  });

  it('says which rule was broken, in words a contributor can act on', () => {
    const messages = checkDependencies(
      fileSet({
        'src/base/x.ts': "import { y } from '../ui/y.tsx';\n",
        'src/ui/v.tsx': "import { e } from '../engine/index.ts';\n",
        'src/engine/e.ts': "import { useState } from 'react';\n",
      }),
    ).map(formatViolation);
    expect(messages).toEqual([
      "src/base/x.ts:1: '../ui/y.tsx': base may not import ui (base may import: nothing in src)",
      "src/engine/e.ts:1: 'react': 'react' may be imported only in ui, embed, app: React renders only in the view layers (DESIGN.md 2)",
      "src/ui/v.tsx:1: '../engine/index.ts': ui may not import engine (ui may import: base, domain, trace, timeline, source)",
    ]);
  });
});

describe('determinism guard (DESIGN.md 1.2)', () => {
  it('finds no wall clock, timer or ambient randomness in src/base, src/domain, src/engine', () => {
    expect(findAmbientUses(readSourceFiles('src')).map(formatAmbientUse)).toEqual([]);
  });

  it('reports ambient uses in a planted file set, and leaves alone what is deterministic', () => {
    const planted = fileSet({
      'src/engine/clock.ts': [
        'export const a = Date.now();', // 1 reported
        'export const b = new Date();', // 2 reported
        'export const c = new Date(0).toISOString();', // 3 fine: a fixed instant
        'export const d = Math.random();', // 4 reported
        'setTimeout(() => {}, 10);', // 5 reported
        'export const clock = { setTimeout: (f: () => void) => f(), clearTimeout: () => {} };', // 6 fine: a property
        'clock.setTimeout(() => {});', // 7 fine: the injected clock
        'export const e = performance.now(); // allow-ambient: measures the engine itself', // 8 opted out
        'export const f = globalThis.setInterval;', // 9 reported
        '// Date.now() in a comment is fine', // 10
        "export const g = 'Math.random()';", // 11 fine: a string
        'export const h = Date.parse("2026-01-01T00:00:00Z");', // 12 fine: no ambient input
        'export const i = performance.now(); // allow-ambient:', // 13 reported: a mark needs a reason
      ].join('\n'),
      'src/domain/k.ts': 'export const k = () => requestAnimationFrame(() => {});\n',
      'src/base/r.ts': 'export const id = crypto.randomUUID();\n',
      'src/engine/clock.test.ts': 'const t0 = Date.now();\n',
      'src/ui/player.tsx': 'const raf = requestAnimationFrame(() => {});\n',
    });
    expect(findAmbientUses(planted)).toEqual([
      { file: 'src/engine/clock.ts', line: 1, what: 'Date.now' },
      { file: 'src/engine/clock.ts', line: 2, what: 'new Date()' },
      { file: 'src/engine/clock.ts', line: 4, what: 'Math.random' },
      { file: 'src/engine/clock.ts', line: 5, what: 'setTimeout' },
      { file: 'src/engine/clock.ts', line: 9, what: 'setInterval' },
      { file: 'src/engine/clock.ts', line: 13, what: 'performance.now' },
      { file: 'src/domain/k.ts', line: 1, what: 'requestAnimationFrame' },
      { file: 'src/base/r.ts', line: 1, what: 'crypto.randomUUID' },
    ]);
  });
});
