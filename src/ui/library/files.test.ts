import { describe, expect, it } from 'vitest';
import { bundleText, fileName, parseImport, renameTour } from './files.ts';

describe('library files', () => {
  it('names files as the examples are named', () => {
    expect(fileName({ kind: 'scenario', name: 'my-hello' })).toBe('my-hello.scenario.yaml');
    expect(fileName({ kind: 'tour', name: 'intro' })).toBe('intro.tour.yaml');
  });

  it('imports a scenario, a tour and a bundle by file name', () => {
    expect(parseImport('a.scenario.yaml', 'x')).toEqual({ file: 'a.scenario.yaml', items: [{ kind: 'scenario', name: 'a', text: 'x' }] });
    expect(parseImport('dir/b.tour.yaml', 'y')).toEqual({ file: 'dir/b.tour.yaml', items: [{ kind: 'tour', name: 'b', text: 'y' }] });
    const bundle = bundleText([{ id: '1', kind: 'scenario', name: 'c', text: 'z', updated: 3 }]);
    expect(parseImport('all.kube-anatomy.json', bundle)).toEqual({ file: 'all.kube-anatomy.json', items: [{ kind: 'scenario', name: 'c', text: 'z' }] });
  });

  it('rejects what it cannot import, naming the file and why', () => {
    expect(parseImport('notes.txt', '')).toEqual({ file: 'notes.txt', error: expect.stringMatching(/^notes\.txt: not a library file/) as unknown });
    expect(parseImport('x.json', '{')).toEqual({ file: 'x.json', error: expect.stringMatching(/^x\.json: not JSON/) as unknown });
    expect(parseImport('x.json', '{"items":[]}')).toEqual({ file: 'x.json', error: expect.stringMatching(/not a kube-anatomy library bundle/) as unknown });
    const bad = JSON.stringify({ format: 'kube-anatomy-library', items: [{ kind: 'scenario', name: 'ok', text: '' }, { kind: 'scenario', name: 'a b', text: '' }] });
    expect(parseImport('x.json', bad)).toEqual({ file: 'x.json', error: expect.stringMatching(/^x\.json: items\[1\]: name "a b"/) as unknown });
    expect(parseImport('bad name.scenario.yaml', '')).toEqual({ file: 'bad name.scenario.yaml', error: expect.stringMatching(/the name "bad name"/) as unknown });
  });
});

describe('renameTour', () => {
  it('renames the tour line that holds the old name, keeping a comment, and nothing else', () => {
    expect(renameTour('# tour: a\ntour: a  # mine\nscenario: a\n', 'a', 'my-a')).toBe('# tour: a\ntour: my-a  # mine\nscenario: a\n');
    expect(renameTour('tour: other\n', 'a', 'b')).toBe('tour: other\n');
    expect(renameTour('tour: a.b\n', 'a.b', 'c')).toBe('tour: c\n');
    expect(renameTour('tour: axb\n', 'a.b', 'c')).toBe('tour: axb\n');
  });
});
