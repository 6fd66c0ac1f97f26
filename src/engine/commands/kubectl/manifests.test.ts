import { describe, expect, it } from 'vitest';
import { ManifestError, decodeManifests, namingProblem, validationProblem } from './manifests.ts';

function catchManifestError(fn: () => unknown): ManifestError {
  try {
    fn();
  } catch (e) {
    if (e instanceof ManifestError) return e;
    throw e;
  }
  throw new Error('expected a ManifestError');
}

describe('decodeManifests', () => {
  it('reads several documents, skipping empty ones, with positions', () => {
    const text = `apiVersion: v1
kind: Namespace
metadata:
  name: team
---
# nothing here
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
`;
    const { objects, positions } = decodeManifests(text, '-');
    expect(objects.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual(['Namespace/team', 'Deployment/web']);
    expect(positions).toEqual([
      { line: 1, column: 1 },
      { line: 8, column: 1 },
    ]);
  });

  it('reads YAML 1.1 scalars as go-yaml does and keeps timestamps as strings', () => {
    const { objects } = decodeManifests('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n  creationTimestamp: 2026-01-01T09:00:00Z\ndata:\n  mode: 0644\n  enabled: yes\n', 'cm.yaml');
    expect(objects[0]).toMatchObject({ metadata: { creationTimestamp: '2026-01-01T09:00:00Z' }, data: { mode: 420, enabled: true } });
  });

  it('flattens a List', () => {
    const text = 'apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: Namespace\n  metadata:\n    name: a\n- apiVersion: v1\n  kind: Namespace\n  metadata:\n    name: b\n';
    const { objects, positions } = decodeManifests(text, '-');
    expect(objects.map((o) => o.metadata.name)).toEqual(['a', 'b']);
    expect(positions.map((p) => p.line)).toEqual([4, 8]);
  });

  it('refuses a manifest without kind with kubectl\'s validation message', () => {
    const err = catchManifestError(() => decodeManifests('apiVersion: apps/v1\nmetadata:\n  name: web\n', '-'));
    expect(err.message).toBe(
      'error: error validating "STDIN": error validating data: kind not set; if you choose to ignore these errors, turn validation off with --validate=false',
    );
    expect(err.reason).toBe('error validating data: kind not set');
    expect([err.line, err.column]).toEqual([1, 1]);
  });

  it('aggregates several problems like kubectl and names files by path', () => {
    const err = catchManifestError(() => decodeManifests('---\nmetadata:\n  name: web\n', 'web.yaml'));
    expect(err.message).toBe(
      'error: error validating "web.yaml": error validating data: [apiVersion not set, kind not set]; if you choose to ignore these errors, turn validation off with --validate=false',
    );
    expect(err.line).toBe(2);
  });

  it('reports YAML syntax errors with the line counted from the document start', () => {
    const err = catchManifestError(() => decodeManifests('apiVersion: v1\nkind: Namespace\nmetadata:\n  name: a\n---\napiVersion: v1\nkind: x\n  bad: indent\n', '-'));
    // the yaml library points at the start of the broken mapping entry (line 7 of the text,
    // line 2 of the second document); go-yaml's own wording differs, the shape is kubectl's
    expect(err.line).toBe(7);
    expect(err.message).toMatch(/^error: error parsing STDIN: error converting YAML to JSON: yaml: line 2: /);
  });

  it('checks names only when asked', () => {
    const noName = 'apiVersion: v1\nkind: Pod\nmetadata:\n  generateName: web-\n';
    expect(decodeManifests(noName, '-').objects).toHaveLength(1);
    expect(decodeManifests(noName, '-', { requireName: 'nameOrGenerateName' }).objects).toHaveLength(1);
    expect(catchManifestError(() => decodeManifests(noName, '-', { requireName: 'name' })).reason).toMatch(/^metadata\.name: Required value: name is required/);
    expect(catchManifestError(() => decodeManifests('apiVersion: v1\nkind: Pod\n', '-', { requireName: 'nameOrGenerateName' })).reason).toBe(
      'metadata.name: Required value: name or generateName is required',
    );
  });
});

describe('validationProblem and namingProblem', () => {
  it('knows the wording for each case', () => {
    expect(validationProblem([1])).toBe('invalid object to validate');
    expect(validationProblem({ apiVersion: 1, kind: 'Pod' })).toBe("apiVersion isn't string type");
    expect(validationProblem({ apiVersion: 'v1', kind: 'Pod' })).toBeUndefined();
    expect(namingProblem({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'x' } }, 'name')).toBeUndefined();
  });
});
