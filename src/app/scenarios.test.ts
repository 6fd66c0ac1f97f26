import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it, expect } from 'vitest';
import { DEFAULT_SCENARIO_NAME, EXAMPLES, resolveScenario, scenarioCatalog, scenarioTitle, UnknownScenarioError } from './scenarios.ts';

const EXAMPLES_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'examples') + '/';
const nameOf = (f: string) => f.replace(/\.scenario\.yaml$/, '');
// Sorted by name (`rkt` before `rkt-stage1-flavours`), as the picker lists them.
const onDisk = readdirSync(EXAMPLES_DIR)
  .filter((f) => f.endsWith('.scenario.yaml'))
  .sort((a, b) => (nameOf(a) < nameOf(b) ? -1 : 1));

describe('the examples catalog', () => {
  it('has every examples/*.scenario.yaml by name, sorted, and nothing else', () => {
    expect(EXAMPLES.entries.map((e) => e.file)).toEqual(onDisk);
    expect(EXAMPLES.entries.map((e) => e.name)).toEqual(onDisk.map(nameOf));
    expect(EXAMPLES.get('audit-policy')).toBeUndefined();
  });

  it('loads a file\'s text only when asked, and it is the file on disk', async () => {
    const entry = EXAMPLES.get('rkt-stage1-flavours');
    expect(entry).toBeDefined();
    expect(await entry?.load()).toBe(readFileSync(`${EXAMPLES_DIR}rkt-stage1-flavours.scenario.yaml`, 'utf8'));
  });

  it('builds from glob loaders keyed by path, ignoring other files', async () => {
    const calls: string[] = [];
    const loader = (p: string) => () => {
      calls.push(p);
      return Promise.resolve(`# ${p}`);
    };
    const cat = scenarioCatalog({ '../x/b.scenario.yaml': loader('b'), '../x/a.scenario.yaml': loader('a'), '../x/policy.yaml': loader('p') });
    expect(cat.entries.map((e) => [e.name, e.file])).toEqual([
      ['a', 'a.scenario.yaml'],
      ['b', 'b.scenario.yaml'],
    ]);
    expect(calls).toEqual([]);
    expect(await cat.get('b')?.load()).toBe('# b');
    expect(calls).toEqual(['b']);
  });
});

describe('resolveScenario', () => {
  it('gives the default when the URL names none', () => {
    expect(DEFAULT_SCENARIO_NAME).toBe('hello-deployment');
    expect(resolveScenario(EXAMPLES, undefined).file).toBe('hello-deployment.scenario.yaml');
    expect(resolveScenario(EXAMPLES, 'drain').file).toBe('drain.scenario.yaml');
  });

  it('rejects an unknown name with the known ones', () => {
    let err: unknown;
    try {
      resolveScenario(EXAMPLES, 'nope');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(UnknownScenarioError);
    expect((err as UnknownScenarioError).scenario).toBe('nope');
    expect((err as UnknownScenarioError).known).toEqual(EXAMPLES.entries.map((e) => e.name));
    expect((err as Error).message).toContain('hello-deployment');
  });
});

describe('scenarioTitle', () => {
  it('takes the first comment line, without a leading "<name>:", up to the first ": " or ". "', () => {
    expect(scenarioTitle('hello-deployment', '# hello-deployment: the "hello world" of Kubernetes internals.\n#\nseed: 1\n')).toBe('The "hello world" of Kubernetes internals');
    expect(scenarioTitle('rolling-update', '# A rolling update of ten Apache pods from 2.2 to 2.4: the new ReplicaSet grows\n')).toBe('A rolling update of ten Apache pods from 2.2 to 2.4');
    expect(scenarioTitle('docker', '\n# Docker without Kubernetes: docker run → dockerd\n')).toBe('Docker without Kubernetes');
  });

  it('falls back to the name when the file does not start with a comment', () => {
    expect(scenarioTitle('bare', 'seed: 1\n# later\n')).toBe('bare');
    expect(scenarioTitle('empty', '')).toBe('empty');
    expect(scenarioTitle('x', '# x:\n')).toBe('x');
  });

  it('gives every shipped example a title of its own', async () => {
    const titles = await Promise.all(EXAMPLES.entries.map(async (e) => scenarioTitle(e.name, await e.load())));
    expect(new Set(titles).size).toBe(titles.length);
    for (const t of titles) {
      expect(t.length).toBeGreaterThan(5);
      expect(t.length).toBeLessThan(100);
    }
  });
});
