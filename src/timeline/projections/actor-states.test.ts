import { describe, expect, it } from 'vitest';
import type { TraceEvent } from '../../trace/schema.ts';
import { fold } from '../projection.ts';
import { actorStatesProjection, componentOf } from './actor-states.ts';

const state = (seq: number, t: number, actor: string, op: string, attrs?: Record<string, unknown>): TraceEvent => {
  const e: TraceEvent = { seq, t, kind: 'state', actor, op, src: 'sim' };
  if (attrs) e.attrs = attrs;
  return e;
};

describe('actorStatesProjection', () => {
  it('keeps the latest state per actor, machine and instance, with the time it was entered', () => {
    const s = fold(actorStatesProjection, [
      state(1, 100, 'kubelet/node-1', 'syncing.creatingSandbox', { machine: 'pod-worker', instance: 'default/web-1' }),
      state(2, 150, 'kubelet/node-1', 'syncing.creatingSandbox', { machine: 'pod-worker', instance: 'default/web-2' }),
      state(3, 300, 'kubelet/node-1', 'running', { machine: 'pod-worker', instance: 'default/web-1', from: 'syncing.creatingSandbox' }),
    ]);
    expect(s.get('kubelet/node-1|pod-worker|default/web-1')).toEqual({ actor: 'kubelet/node-1', machine: 'pod-worker', instance: 'default/web-1', state: 'running', since: 300 });
    expect(s.get('kubelet/node-1|pod-worker|default/web-2')?.state).toBe('syncing.creatingSandbox');
    expect(s.size).toBe(2);
  });

  it('names the machine after the component when attrs.machine is missing', () => {
    const s = fold(actorStatesProjection, [state(1, 5, 'scheduler', 'scheduling')]);
    expect(s.get('scheduler|scheduler|')).toEqual({ actor: 'scheduler', machine: 'scheduler', state: 'scheduling', since: 5 });
  });

  it('keeps `since` when a machine reports the state it is already in', () => {
    const s = fold(actorStatesProjection, [
      state(1, 10, 'kube-controller-manager/deployment-controller', 'idle', { machine: 'controller' }),
      state(2, 99, 'kube-controller-manager/deployment-controller', 'idle', { machine: 'controller' }),
    ]);
    expect(s.get('kube-controller-manager/deployment-controller|controller|')?.since).toBe(10);
  });

  it('forgets a machine once it reports a final state', () => {
    const s = fold(actorStatesProjection, [
      state(1, 10, 'kube-apiserver', 'validating', { machine: 'apiserver-request', instance: '7' }),
      state(2, 20, 'kube-apiserver', 'done', { machine: 'apiserver-request', instance: '7', final: true }),
    ]);
    expect(s.size).toBe(0);
  });

  it('splits component from instance', () => {
    expect(componentOf('kubelet/node-1')).toBe('kubelet');
    expect(componentOf('kube-controller-manager/deployment-controller')).toBe('kube-controller-manager');
    expect(componentOf('scheduler')).toBe('scheduler');
  });
});
