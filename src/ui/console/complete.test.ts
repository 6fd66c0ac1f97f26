import { describe, expect, it } from 'vitest';
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

  it('completes fault types and their fields', () => {
    expect(complete('fault no', ctx).line).toBe('fault node-down ');
    expect(complete('fault node-down no', ctx).line).toBe('fault node-down node=');
    expect(complete('fault node-down node=node-', ctx).choices).toEqual(['node=node-1', 'node=node-2']);
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
