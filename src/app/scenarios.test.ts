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

  it('reads a Japanese title from a `# ja:` line of the leading comment block, and skips it for English', () => {
    const text = '# hello-deployment: the "hello world" of Kubernetes internals.\n# ja: Kubernetes の内部の「hello world」\n#\n# more\nseed: 1\n';
    expect(scenarioTitle('hello-deployment', text, 'ja')).toBe('Kubernetes の内部の「hello world」');
    expect(scenarioTitle('hello-deployment', text, 'en')).toBe('The "hello world" of Kubernetes internals');
    // A `# ja:` line first still leaves the English title to the next line.
    expect(scenarioTitle('x', '# ja: 日本語の題\n# x: English title\n', 'en')).toBe('English title');
    // Without one, Japanese falls back to the English title; a `# ja:` after the YAML starts is not a title.
    expect(scenarioTitle('docker', '# Docker without Kubernetes: more\n', 'ja')).toBe('Docker without Kubernetes');
    expect(scenarioTitle('z', '# Late: one\nseed: 1\n# ja: 遅い\n', 'ja')).toBe('Late');
  });

  it('drops a parenthesis the first line leaves open', () => {
    expect(scenarioTitle('r', '# Two ways to replace Apache httpd 2.2 with 2.4, in one trace (the tour\n# walks it).\n')).toBe('Two ways to replace Apache httpd 2.2 with 2.4, in one trace');
  });

  it('gives every shipped example a Japanese title of its own', async () => {
    const titles = await Promise.all(EXAMPLES.entries.map(async (e) => scenarioTitle(e.name, await e.load(), 'ja')));
    expect(new Set(titles).size).toBe(titles.length);
    for (const t of titles) {
      // Japanese text, not the English fallback.
      expect(t).toMatch(/[\u3040-\u30ff\u4e00-\u9fff]/);
      expect(t.length).toBeLessThan(60);
    }
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
