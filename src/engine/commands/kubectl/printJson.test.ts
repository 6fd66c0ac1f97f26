import { describe, expect, it } from 'vitest';
import { printJson } from './printObjects.ts';
import { toGoJson } from './printJson.ts';

describe('toGoJson', () => {
  it('indents with four spaces and sorts keys as encoding/json does for unstructured objects', () => {
    expect(toGoJson({ kind: 'Pod', apiVersion: 'v1', metadata: { name: 'web', labels: {}, finalizers: [] } })).toBe(
      '{\n    "apiVersion": "v1",\n    "kind": "Pod",\n    "metadata": {\n        "finalizers": [],\n        "labels": {},\n        "name": "web"\n    }\n}\n',
    );
  });

  it('escapes HTML characters and line separators like Go', () => {
    expect(toGoJson({ m: '<none> & "x"\u2028' })).toBe('{\n    "m": "\\u003cnone\\u003e \\u0026 \\"x\\"\\u2028"\n}\n');
  });

  it('wraps lists in a v1 List with an empty resourceVersion', () => {
    expect(printJson([])).toBe('{\n    "apiVersion": "v1",\n    "items": [],\n    "kind": "List",\n    "metadata": {\n        "resourceVersion": ""\n    }\n}\n');
    expect(printJson({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'default' } })).toBe(
      '{\n    "apiVersion": "v1",\n    "kind": "Namespace",\n    "metadata": {\n        "name": "default"\n    }\n}\n',
    );
  });
});
