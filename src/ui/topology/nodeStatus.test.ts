import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../domain/k8s/objects.ts';
import { nodeHealth } from './nodeStatus.ts';

// k8s.io/kubernetes pkg/printers/internalversion/printers.go printNode (STATUS).
function node(ready: string | undefined, extra: Record<string, unknown> = {}): KubeObject {
  return { apiVersion: 'v1', kind: 'Node', metadata: { name: 'node-2' }, spec: extra, status: { conditions: ready ? [{ type: 'Ready', status: ready }] : [] } } as KubeObject;
}

describe('nodeHealth', () => {
  it('prints STATUS as kubectl get nodes does', () => {
    expect(nodeHealth(node('True')).status).toBe('Ready');
    expect(nodeHealth(node('Unknown'))).toMatchObject({ status: 'NotReady', unhealthy: true });
    expect(nodeHealth(node('False')).status).toBe('NotReady');
    expect(nodeHealth(node(undefined)).status).toBe('Unknown');
    expect(nodeHealth(node('True', { unschedulable: true }))).toMatchObject({ status: 'Ready,SchedulingDisabled', unhealthy: false });
  });

  it('lists taints as describe does', () => {
    const taints = [{ key: 'node.kubernetes.io/unreachable', effect: 'NoExecute', timeAdded: '2026-01-01T09:01:05Z' }, { key: 'dedicated', value: 'db', effect: 'NoSchedule' }];
    expect(nodeHealth(node('Unknown', { taints })).taints).toEqual(['node.kubernetes.io/unreachable:NoExecute', 'dedicated=db:NoSchedule']);
  });
});
