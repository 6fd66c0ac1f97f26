import { describe, expect, it } from 'vitest';
import { applyStrategicMergePatch } from './strategic-merge.ts';

// apimachinery/pkg/util/strategicpatch/patch.go, with the patchMergeKey tags of k8s.io/api core/v1.
describe('applyStrategicMergePatch', () => {
  const deployment = {
    spec: { replicas: 3, template: { spec: { containers: [{ name: 'nginx', image: 'nginx:1.27', ports: [{ containerPort: 80 }] }, { name: 'sidecar', image: 'busybox' }] } } },
  };

  it('merges containers by name, as kubectl set image sends it', () => {
    const out = applyStrategicMergePatch(deployment, { spec: { template: { spec: { containers: [{ name: 'nginx', image: 'nginx:1.28' }] } } } }) as typeof deployment;
    expect(out.spec.template.spec.containers).toEqual([
      { name: 'nginx', image: 'nginx:1.28', ports: [{ containerPort: 80 }] },
      { name: 'sidecar', image: 'busybox' },
    ]);
    expect(out.spec.replicas).toBe(3);
  });

  it('appends a new element, deletes one with $patch: delete, and deletes keys set to null', () => {
    const out = applyStrategicMergePatch(deployment, { spec: { replicas: null, template: { spec: { containers: [{ name: 'sidecar', $patch: 'delete' }, { name: 'log', image: 'fluent-bit' }] } } } }) as { spec: Record<string, unknown> & { template: { spec: { containers: unknown[] } } } };
    expect(out.spec.template.spec.containers.map((c) => (c as { name: string }).name)).toEqual(['nginx', 'log']);
    expect('replicas' in out.spec).toBe(false);
  });

  it('replaces lists that have no merge key (args, tolerations)', () => {
    expect(applyStrategicMergePatch({ args: ['a', 'b'] }, { args: ['c'] })).toEqual({ args: ['c'] });
  });

  it('merges pod conditions by type', () => {
    const out = applyStrategicMergePatch({ status: { conditions: [{ type: 'Ready', status: 'False' }, { type: 'PodScheduled', status: 'True' }] } }, { status: { conditions: [{ type: 'Ready', status: 'True' }] } });
    expect(out).toEqual({ status: { conditions: [{ type: 'Ready', status: 'True' }, { type: 'PodScheduled', status: 'True' }] } });
  });
});

describe('applyStrategicMergePatch element order', () => {
  it('takes the order of a patch that names every element, as $setElementOrder would', () => {
    const out = applyStrategicMergePatch({ conditions: [{ type: 'PodScheduled', status: 'True' }] }, { conditions: [{ type: 'Ready', status: 'True' }, { type: 'PodScheduled', status: 'True' }] });
    expect(out).toEqual({ conditions: [{ type: 'Ready', status: 'True' }, { type: 'PodScheduled', status: 'True' }] });
  });
});
