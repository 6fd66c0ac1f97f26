import { describe, expect, it } from 'vitest';
import { acceptNames, acceptedNamesOf, jsonPathValue, pruneToSchema, resourceOfCrd, validateAgainstSchema, validateCrd, type CustomResourceDefinition, type JSONSchemaProps } from './crd.ts';
import type { KubeObject } from './objects.ts';
import { resourceByKind, resourceByName } from './resources.ts';

const schema: JSONSchemaProps = {
  type: 'object',
  properties: {
    spec: {
      type: 'object',
      required: ['selector'],
      properties: {
        replicas: { type: 'integer', minimum: 0, maximum: 10 },
        activeColor: { type: 'string', enum: ['blue', 'green'] },
        selector: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
      },
    },
  },
};

const cr = (spec: Record<string, unknown>): KubeObject => ({ apiVersion: 'rollouts.example.com/v1alpha1', kind: 'BlueGreenDeployment', metadata: { name: 'web' }, spec } as KubeObject);

function crd(name = 'bluegreendeployments.rollouts.example.com', plural = 'bluegreendeployments', kind = 'BlueGreenDeployment'): CustomResourceDefinition {
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name },
    spec: { group: 'rollouts.example.com', scope: 'Namespaced', names: { plural, kind, shortNames: ['bgd'] }, versions: [{ name: 'v1alpha1', served: true, storage: true, schema: { openAPIV3Schema: schema } }] },
  };
}

describe('validateAgainstSchema (the custom resource strategy)', () => {
  it('words type, minimum, maximum, enum and required errors as kube-openapi does', () => {
    expect(validateAgainstSchema(cr({ replicas: 'two', selector: {} }), schema)).toEqual([{ field: 'spec.replicas', type: 'Invalid value', value: 'string', detail: 'spec.replicas in body must be of type integer: "string"' }]);
    expect(validateAgainstSchema(cr({ replicas: -1, selector: {} }), schema)).toEqual([{ field: 'spec.replicas', type: 'Invalid value', value: -1, detail: 'spec.replicas in body should be greater than or equal to 0' }]);
    expect(validateAgainstSchema(cr({ replicas: 11, selector: {} }), schema)[0]?.detail).toBe('spec.replicas in body should be less than or equal to 10');
    expect(validateAgainstSchema(cr({ activeColor: 'red', selector: {} }), schema)).toEqual([{ field: 'spec.activeColor', type: 'Unsupported value', value: 'red', detail: 'supported values: "blue", "green"' }]);
    expect(validateAgainstSchema(cr({ replicas: 1 }), schema)).toEqual([{ field: 'spec.selector', type: 'Required value' }]);
    expect(validateAgainstSchema(cr({ replicas: 1, selector: { matchLabels: { app: 'web' } } }), schema)).toEqual([]);
  });

  it('prunes fields the schema does not know, keeping preserved subtrees', () => {
    const pruned = pruneToSchema(cr({ replicas: 1, bogus: true, selector: { matchLabels: { a: 'b' } } }), schema) as KubeObject & { spec: Record<string, unknown> };
    expect(pruned.spec).toEqual({ replicas: 1, selector: { matchLabels: { a: 'b' } } });
    expect(pruned.metadata.name).toBe('web');
  });
});

describe('CRD names', () => {
  it('accepts free names and refuses a plural or kind another CRD of the group holds', () => {
    const first = { ...crd(), status: { acceptedNames: acceptedNamesOf(crd().spec.names) } };
    expect(acceptNames(crd(), [])).toEqual({ accepted: true, reason: 'NoConflicts', message: 'no conflicts found' });
    const samePlural = crd('bluegreendeployments.rollouts.example.com-2', 'bluegreendeployments', 'Other');
    expect(acceptNames(samePlural, [first])).toMatchObject({ accepted: false, reason: 'PluralConflict', message: '"bluegreendeployments" is already in use' });
    const sameKind = crd('canaries.rollouts.example.com', 'canaries', 'BlueGreenDeployment');
    expect(acceptNames({ ...sameKind, spec: { ...sameKind.spec, names: { plural: 'canaries', singular: 'canary', kind: 'BlueGreenDeployment' } } }, [first])).toMatchObject({ accepted: false, reason: 'KindConflict' });
  });

  it('validates the CRD itself: the name must be <plural>.<group>', () => {
    expect(validateCrd(crd())).toEqual([]);
    expect(validateCrd(crd('bgd.example.com'))).toEqual([{ field: 'metadata.name', type: 'Invalid value', value: 'bgd.example.com', detail: 'must be spec.names.plural+"."+spec.group' }]);
  });

  it('serves the accepted names: plural, singular, short name and kind resolve as kubectl resolves them', () => {
    const info = resourceOfCrd({ ...crd(), status: { acceptedNames: acceptedNamesOf(crd().spec.names) } });
    expect(info).toMatchObject({ apiVersion: 'rollouts.example.com/v1alpha1', resource: 'bluegreendeployments', etcdPrefix: '/registry/rollouts.example.com/bluegreendeployments', kubectlName: 'bluegreendeployment.rollouts.example.com' });
    const extra = info ? [info] : [];
    for (const name of ['bluegreendeployments', 'bluegreendeployment', 'bgd', 'BlueGreenDeployment', 'bgd.rollouts.example.com']) expect(resourceByName(name, extra)).toBe(info);
    expect(resourceByName('bgd')).toBeUndefined();
    expect(resourceByKind('rollouts.example.com/v1alpha1', 'BlueGreenDeployment', extra)).toBe(info);
    expect(resourceByName('crd')?.etcdPrefix).toBe('/registry/apiextensions.k8s.io/customresourcedefinitions');
    expect(resourceOfCrd(crd())).toBeUndefined();
  });

  it('reads printer-column paths', () => {
    expect(jsonPathValue({ status: { conditions: [{ type: 'Available' }] } }, '.status.conditions[0].type')).toBe('Available');
    expect(jsonPathValue({ spec: {} }, '.spec.replicas')).toBeUndefined();
  });
});
