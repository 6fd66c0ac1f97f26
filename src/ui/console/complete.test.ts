import { describe, expect, it } from 'vitest';
import { knownFaultFields } from '../../source/index.ts';
import { complete, namesByKind, type CompletionContext } from './complete.ts';

const ctx: CompletionContext = {
  names: namesByKind([
    { ref: { kind: 'Deployment', name: 'web' } },
    { ref: { kind: 'Pod', name: 'web-64bf787f5f-77pwr' } },
    { ref: { kind: 'Pod', name: 'web-64bf787f5f-7d6l9' } },
    { ref: { kind: 'Node', name: 'node-1' } },
    { ref: { kind: 'Node', name: 'node-2' } },
  ]),
  faults: ['kubelet-stop', 'node-down', 'etcd-partition'],
};

describe('complete', () => {
  it('completes tools, then kubectl verbs', () => {
    expect(complete('kub', ctx)).toEqual({ line: 'kubectl ', choices: [] });
    expect(complete('kubectl sc', ctx)).toEqual({ line: 'kubectl scale ', choices: [] });
    expect(complete('kubectl de', ctx).choices).toEqual(['delete', 'describe']);
  });

  it('completes resource types and the names that exist at the playhead', () => {
    expect(complete('kubectl scale deploym', ctx).line).toBe('kubectl scale deployment');
    expect(complete('kubectl scale deployment/w', ctx)).toEqual({ line: 'kubectl scale deployment/web ', choices: [] });
    expect(complete('kubectl get pods web-', ctx)).toEqual({ line: 'kubectl get pods web-64bf787f5f-7', choices: ['web-64bf787f5f-77pwr', 'web-64bf787f5f-7d6l9'] });
    expect(complete('kubectl cordon node-', ctx).choices).toEqual(['node-1', 'node-2']);
  });

  it('completes flags', () => {
    expect(complete('kubectl scale deployment/web --rep', ctx).line).toBe('kubectl scale deployment/web --replicas ');
  });

  it('completes fault types only while the fault table is loading', () => {
    expect(complete('fault no', ctx).line).toBe('fault node-down ');
    expect(complete('fault node-down no', ctx).line).toBe('fault node-down no');
  });

  it('completes the host and the remote command of ssh', () => {
    expect(complete('ssh node-', ctx).choices).toEqual(['node-1', 'node-2']);
    expect(complete('ssh node-1 sudo cri', ctx).line).toBe('ssh node-1 sudo crictl ');
    expect(complete('ssh node-1 sudo crictl p', ctx).choices).toEqual(['pods', 'ps', 'pull']);
  });

  it('leaves a word with no match alone', () => {
    expect(complete('kubectl frobnicate', ctx)).toEqual({ line: 'kubectl frobnicate', choices: [] });
  });
});

describe('complete with the engine\'s fault table', () => {
  it('reaches every fault of issue 6 and each one\'s fields and values', async () => {
    const faultTable = await knownFaultFields();
    const full: CompletionContext = {
      ...ctx,
      names: new Map([...ctx.names, ['EtcdMember', ['etcd-0', 'etcd-1', 'etcd-2']]]),
      faults: Object.keys(faultTable),
      faultTable,
      pods: [
        { name: 'web-64bf787f5f-77pwr', namespace: 'default', node: 'node-1', containers: [{ name: 'nginx', image: 'nginx:1.27' }] },
        { name: 'web-64bf787f5f-7d6l9', namespace: 'default', node: 'node-2', containers: [{ name: 'nginx', image: 'nginx:1.27' }] },
      ],
    };
    expect(complete('fault kub', full).line).toBe('fault kubelet-stop ');
    expect(complete('fault kubelet-stop ', full).line).toBe('fault kubelet-stop node=');
    expect(complete('fault kubelet-stop node=node-', full).choices).toEqual(['node=node-1', 'node=node-2']);
    expect(complete('fault node-down node=node-2', full).line).toBe('fault node-down node=node-2 ');
    expect(complete('fault con', full).line).toBe('fault container-kill ');
    expect(complete('fault container-kill node=node-2 p', full).line).toBe('fault container-kill node=node-2 pod=');
    expect(complete('fault container-kill node=node-2 pod=', full).line).toBe('fault container-kill node=node-2 pod=web-64bf787f5f-7d6l9 ');
    expect(complete('fault mem', full).line).toBe('fault memory-exhaust ');
    expect(complete('fault memory-exhaust pod=web-64bf787f5f-77pwr node=', full).line).toBe('fault memory-exhaust pod=web-64bf787f5f-77pwr node=node-1 ');
    expect(complete('fault image-pull-fail im', full).line).toBe('fault image-pull-fail image=');
    expect(complete('fault image-pull-fail image=', full).line).toBe('fault image-pull-fail image=nginx:1.27 ');
    expect(complete('fault image-pull-fail image=nginx:1.27 reason=', full).choices).toEqual(['reason=access-denied', 'reason=not-found']);
    expect(complete('fault etcd-p', full).line).toBe('fault etcd-partition ');
    expect(complete('fault etcd-partition is', full).line).toBe('fault etcd-partition isolate=');
    expect(complete('fault etcd-partition isolate=etcd-', full).choices).toEqual(['isolate=etcd-0', 'isolate=etcd-1', 'isolate=etcd-2']);
    expect(complete('fault etcd-partition members=etcd-0,etcd-', full).choices).toEqual(['members=etcd-0,etcd-1', 'members=etcd-0,etcd-2']);
    // Deleting a Pod is kubectl's own: its names complete as for any kubectl delete.
    expect(complete('kubectl delete pod web-64bf787f5f-7d', full).line).toBe('kubectl delete pod web-64bf787f5f-7d6l9 ');
  });
});
