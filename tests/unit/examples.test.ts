import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../src/engine/scenario/parse.ts';
import { runScenario } from '../../src/engine/scenario/runner.ts';

/**
 * Every example in examples/ is what a newcomer opens first (the app's scenario picker lists
 * them all): each must run every step to the end (a watch or a crash loop may still be going
 * on in the background then, as on a real cluster) and never lean on something this release does
 * not simulate. Failing commands are fine where the story wants them (drain's refusal, rkt's
 * immutable pod): those answer as the real tools do, with their exit codes.
 */
const DIR = new URL('../../examples/', import.meta.url);
const files = readdirSync(DIR).filter((f) => f.endsWith('.scenario.yaml')).sort();

describe('examples/', () => {
  it('holds the scenarios the README and the picker name', () => {
    expect(files.length).toBeGreaterThanOrEqual(19);
  });

  for (const file of files) {
    it(`${file} runs every step, with no "not simulated" answer`, () => {
      const path = `examples/${file}`;
      const result = runScenario(parseScenario(readFileSync(new URL(file, DIR), 'utf8'), path));
      expect(result.outputs.length).toBeGreaterThan(0);
      expect(result.events.length).toBeGreaterThan(0);
      const unsimulated = result.outputs.filter((o) => /not simulated/i.test(`${o.stdout}${o.stderr}`)).map((o) => `${o.command}: ${o.stderr || o.stdout}`);
      expect(unsimulated).toEqual([]);
    });
  }
});
