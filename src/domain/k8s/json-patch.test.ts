import { describe, expect, it } from 'vitest';
import { applyJsonPatch } from './json-patch.ts';

// RFC 6902, as apimachinery applies it for application/json-patch+json (kubectl rollout undo).
describe('applyJsonPatch', () => {
  it('replaces the template and the annotations, as rollout undo sends them', () => {
    const d = { metadata: { annotations: { a: '1' } }, spec: { replicas: 3, template: { spec: { containers: [{ name: 'nginx', image: 'nginx:1.28' }] } } } };
    const out = applyJsonPatch(d, [
      { op: 'replace', path: '/spec/template', value: { spec: { containers: [{ name: 'nginx', image: 'nginx:1.27' }] } } },
      { op: 'replace', path: '/metadata/annotations', value: { b: '2' } },
    ]);
    expect(out).toEqual({ metadata: { annotations: { b: '2' } }, spec: { replicas: 3, template: { spec: { containers: [{ name: 'nginx', image: 'nginx:1.27' }] } } } });
    expect(d.spec.template.spec.containers[0]?.image).toBe('nginx:1.28');
  });

  it('adds, removes, decodes ~1 in paths, and refuses to replace a missing key', () => {
    const out = applyJsonPatch({ metadata: { labels: { 'app.kubernetes.io/name': 'x', b: 'y' } } }, [
      { op: 'remove', path: '/metadata/labels/app.kubernetes.io~1name' },
      { op: 'add', path: '/metadata/labels/c', value: 'z' },
    ]);
    expect(out).toEqual({ metadata: { labels: { b: 'y', c: 'z' } } });
    expect(() => applyJsonPatch({}, [{ op: 'replace', path: '/spec', value: 1 }])).toThrow(/missing/);
  });
});
