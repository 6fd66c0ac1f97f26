import { describe, expect, it } from 'vitest';
import type { KubeObject } from './objects.ts';
import { matchesFields, parseFieldSelector, pinnedValue, unsupportedField } from './field-selector.ts';

const pod: KubeObject = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'web-1', namespace: 'default' },
  spec: { nodeName: 'node-1' },
  status: { phase: 'Running', podIPs: [{ ip: '10.244.1.2' }] },
};

describe('parseFieldSelector (apimachinery/pkg/fields/selector.go ParseSelector)', () => {
  it('reads =, == and != terms, with backslash escapes', () => {
    expect(parseFieldSelector('spec.nodeName=node-1,status.phase!=Failed,metadata.name==a\\,b')).toEqual([
      { field: 'spec.nodeName', op: '=', value: 'node-1' },
      { field: 'status.phase', op: '!=', value: 'Failed' },
      { field: 'metadata.name', op: '=', value: 'a,b' },
    ]);
    expect(parseFieldSelector('')).toEqual([]);
  });

  it("says it can't understand a term without an operator", () => {
    expect(() => parseFieldSelector('spec.nodeName')).toThrow("invalid selector: 'spec.nodeName'; can't understand 'spec.nodeName'");
  });
});

describe('unsupportedField (pkg/apis/core/v1/conversion.go, runtime.DefaultMetaV1FieldSelectorConversion)', () => {
  it('knows the pod fields and the two every resource has', () => {
    expect(unsupportedField('', 'pods', parseFieldSelector('spec.nodeName=a,status.phase=Running'))).toBeUndefined();
    expect(unsupportedField('', 'pods', parseFieldSelector('spec.replicas=1'))).toBe('field label not supported: spec.replicas');
    expect(unsupportedField('apps', 'deployments', parseFieldSelector('metadata.name=web'))).toBeUndefined();
    expect(unsupportedField('apps', 'deployments', parseFieldSelector('spec.replicas=1'))).toBe('"spec.replicas" is not a known field selector: only "metadata.name", "metadata.namespace"');
  });
});

describe('matchesFields', () => {
  it('matches on the rendered field values', () => {
    expect(matchesFields(pod, parseFieldSelector('spec.nodeName=node-1'))).toBe(true);
    expect(matchesFields(pod, parseFieldSelector('spec.nodeName=node-2'))).toBe(false);
    expect(matchesFields(pod, parseFieldSelector('status.phase!=Running'))).toBe(false);
    expect(matchesFields(pod, parseFieldSelector('spec.hostNetwork=false,status.podIPs=10.244.1.2'))).toBe(true);
    expect(pinnedValue(parseFieldSelector('metadata.name=web-1'), 'metadata.name')).toBe('web-1');
  });
});
