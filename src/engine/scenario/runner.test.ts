import { describe, expect, it } from 'vitest';
import { encodeTrace } from '../../trace/jsonl.ts';
import type { TraceEvent } from '../../trace/schema.ts';
import { helloScenario } from '../testing/hello-scenario.ts';
import { runScenario } from './runner.ts';

const POD_NAME = /^web-[bcdfghjklmnpqrstvwxz2456789]{6,10}-[bcdfghjklmnpqrstvwxz2456789]{5}$/;

function chain(events: TraceEvent[], seq: number): TraceEvent[] {
  const bySeq = new Map(events.map((e) => [e.seq, e]));
  const out: TraceEvent[] = [];
  for (let e = bySeq.get(seq); e; e = e.cause !== undefined ? bySeq.get(e.cause) : undefined) out.unshift(e);
  return out;
}

/** Replaces generated names, uids, hex ids and IPs so two seeds can be compared. */
function normalize(s: string): string {
  return s
    .replace(/web-[bcdfghjklmnpqrstvwxz2456789]+-[bcdfghjklmnpqrstvwxz2456789]{5}/g, 'web-HASH-XXXXX')
    .replace(/kube-api-access-[bcdfghjklmnpqrstvwxz2456789]{5}/g, 'kube-api-access-XXXXX')
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}/g, 'UID')
    .replace(/[0-9a-f]{64}/g, 'ID');
}

describe('runScenario(hello-deployment)', () => {
  const result = runScenario(helloScenario());

  it('creates the Deployment and prints what kubectl prints', () => {
    expect(result.outputs[0]).toMatchObject({ command: 'kubectl apply -f -', exitCode: 0, stdout: 'deployment.apps/web created\n' });
  });

  it('ends with three Running pods named <deployment>-<hash>-<suffix>', () => {
    const pods = result.outputs.find((o) => o.command === 'kubectl get pods -o wide');
    expect(pods?.exitCode).toBe(0);
    const rows = (pods?.stdout ?? '').trim().split('\n').slice(1);
    expect(rows).toHaveLength(3);
    for (const row of rows) {
      const [name, ready, status] = row.split(/\s+/);
      expect(name).toMatch(POD_NAME);
      expect(ready).toBe('1/1');
      expect(status).toBe('Running');
    }
    expect(result.settled).toBe(true);
  });

  it('spreads the pods over both nodes', () => {
    const pods = result.outputs.find((o) => o.command === 'kubectl get pods -o wide')?.stdout ?? '';
    expect(pods).toContain('node-1');
    expect(pods).toContain('node-2');
  });

  it('links every event to an earlier cause', () => {
    for (const e of result.events) if (e.cause !== undefined) expect(e.cause).toBeLessThan(e.seq);
    for (let i = 1; i < result.events.length; i++) {
      const prev = result.events[i - 1] as TraceEvent;
      const cur = result.events[i] as TraceEvent;
      expect(cur.seq).toBeGreaterThan(prev.seq);
      expect(cur.t).toBeGreaterThanOrEqual(prev.t);
    }
  });

  it('traces one pod from kubectl apply down to runc and back to Running', () => {
    const running = result.events.find(
      (e) => e.kind === 'object' && e.ref?.kind === 'Pod' && (e.attrs?.object as { status?: { phase?: string } })?.status?.phase === 'Running',
    );
    expect(running).toBeDefined();
    const ops = chain(result.events, (running as TraceEvent).seq).map((e) => `${e.kind}:${e.actor}:${e.op}`);
    const expected: RegExp[] = [
      /^command:user:kubectl apply -f -$/,
      /^message:kubectl:POST \/apis\/apps\/v1\/namespaces\/default\/deployments$/,
      /^span:etcd\/etcd-0:Put$/,
      /^message:kube-apiserver:WATCH ADDED$/,
      /^span:kube-controller-manager\/deployment-controller:syncDeployment$/,
      /^message:kube-controller-manager\/deployment-controller:POST \/apis\/apps\/v1\/namespaces\/default\/replicasets$/,
      /^span:etcd\/etcd-0:Put$/,
      /^span:kube-controller-manager\/replicaset-controller:syncReplicaSet$/,
      /^message:kube-controller-manager\/replicaset-controller:POST \/api\/v1\/namespaces\/default\/pods$/,
      /^span:etcd\/etcd-0:Put$/,
      /^span:scheduler:Filter$/,
      /^span:scheduler:Score$/,
      /^message:scheduler:POST \/api\/v1\/namespaces\/default\/pods\/web-.*\/binding$/,
      /^state:kubelet\/node-\d:syncPod\.creatingSandbox$/,
      /^message:kubelet\/node-\d:RunPodSandbox$/,
      /^message:kubelet\/node-\d:PullImage$/,
      /^message:kubelet\/node-\d:CreateContainer$/,
      // containerd creates the task (runc create) inside StartContainer (container_start.go).
      /^message:kubelet\/node-\d:StartContainer$/,
      /^message:containerd\/node-\d:create$/,
      /^message:containerd\/node-\d:start$/,
      /^message:kubelet\/node-\d:PATCH \/api\/v1\/namespaces\/default\/pods\/web-.*\/status$/,
      /^object:kube-apiserver:MODIFIED$/,
    ];
    let at = 0;
    for (const re of expected) {
      const found = ops.findIndex((op, i) => i >= at && re.test(op));
      expect(found, `${re} after ${ops[at - 1] ?? 'the start'}\nchain:\n${ops.join('\n')}`).toBeGreaterThanOrEqual(0);
      at = found + 1;
    }
  });

  it('gives a byte-identical trace when run again', () => {
    const again = runScenario(helloScenario());
    expect(encodeTrace(again.header, again.events)).toBe(encodeTrace(result.header, result.events));
  });

  it('changes names but not the sequence of operations with another seed', () => {
    const other = runScenario(helloScenario(), { seed: 42 });
    const podsA = result.outputs.find((o) => o.command.startsWith('kubectl get pods'))?.stdout ?? '';
    const podsB = other.outputs.find((o) => o.command.startsWith('kubectl get pods'))?.stdout ?? '';
    expect(podsB).not.toBe(podsA);
    const shape = (events: TraceEvent[]) => events.map((e) => `${e.t} ${e.kind} ${e.actor} ${e.to ?? ''} ${normalize(e.op)}`);
    expect(shape(other.events)).toEqual(shape(result.events));
  });
});
