import type { TraceEvent, TraceHeader } from '../../trace/schema.ts';
import { Timeline } from '../../timeline/index.ts';

/**
 * A generated trace of a large cluster for the heatmap's tests and stories: `nodes` Nodes
 * register (kubelet POST …/nodes, then the Node object), then Pods are bound round-robin with
 * cpu/memory requests, a few nodes go NotReady (Ready condition Unknown, node.kubernetes.io/
 * unreachable taint, as the node lifecycle controller sets them) and node leases renew.
 * Plain generated data, deterministic for the same arguments.
 */
export interface BigClusterOptions {
  nodes?: number;
  podsPerNode?: number;
  /** Every n-th node goes NotReady (0: none). */
  notReadyEvery?: number;
}

export const BIG_ORIGIN = '2025-01-01T00:00:00Z';

export function bigClusterNodeName(i: number): string {
  return `node-${String(i + 1).padStart(4, '0')}`;
}

export function bigClusterTrace(opts: BigClusterOptions = {}): { header: TraceHeader; events: TraceEvent[] } {
  const n = opts.nodes ?? 1000;
  const perNode = opts.podsPerNode ?? 6;
  const notReadyEvery = opts.notReadyEvery ?? 97;
  const names = Array.from({ length: n }, (_, i) => bigClusterNodeName(i));
  const header: TraceHeader = { format: 'kube-anatomy-trace', version: 1, sources: ['sim'], timeOrigin: BIG_ORIGIN, scenario: 'big-cluster', cluster: { nodes: names.map((name) => ({ name, runtime: 'containerd+runc' })) } };
  const events: TraceEvent[] = [];
  let seq = 1;
  let rv = 1000;
  let msgId = 1;
  const push = (e: Omit<TraceEvent, 'seq' | 'src'>) => events.push({ ...e, seq: seq++, src: 'sim' } as TraceEvent);
  const nodeObject = (name: string, i: number, ready: 'True' | 'Unknown') => ({
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, uid: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`, resourceVersion: String(++rv), labels: { 'kubernetes.io/hostname': name } },
    spec: ready === 'True' ? {} : { taints: [{ key: 'node.kubernetes.io/unreachable', effect: 'NoSchedule' }, { key: 'node.kubernetes.io/unreachable', effect: 'NoExecute' }] },
    status: {
      // Sizes vary so the cpu and memory measures differ from the pod count.
      capacity: { cpu: String(4 + (i % 3) * 4), memory: `${16 + (i % 4) * 16}Gi`, pods: '110' },
      allocatable: { cpu: `${(4 + (i % 3) * 4) * 1000 - 100}m`, memory: `${16 + (i % 4) * 16 - 1}Gi`, pods: '110' },
      conditions: [{ type: 'Ready', status: ready, reason: ready === 'True' ? 'KubeletReady' : 'NodeStatusUnknown' }],
    },
  });
  // 1. Registration: t = 1 ms apart per node.
  names.forEach((name, i) => {
    const t = 1000 + i * 100;
    push({ t, dur: 800, kind: 'message', actor: `kubelet/${name}`, to: 'kube-apiserver', op: 'POST /api/v1/nodes', attrs: { id: msgId++ } });
    push({ t: t + 900, kind: 'object', actor: 'kube-apiserver', op: 'ADDED', ref: { apiVersion: 'v1', kind: 'Node', name }, attrs: { resourceVersion: String(rv + 1), object: nodeObject(name, i, 'True') } });
  });
  // 2. Pods, bound node by node with uneven load (the scheduler's binding shown as the Pod's
  //    object with spec.nodeName), never past the node's allocatable cpu, as NodeResourcesFit allows.
  let t = 1000 + n * 100 + 10_000;
  let k = 0;
  names.forEach((node, i) => {
    const allocMilli = (4 + (i % 3) * 4) * 1000 - 100;
    const wanted = ((i * 37) % 11) * Math.max(1, Math.round(perNode / 2));
    let used = 0;
    for (let j = 0; j < wanted; j++, k++) {
      const cpu = 250 * ((k % 4) + 1);
      if (used + cpu > allocMilli) break;
      used += cpu;
      const name = `app-${String(k).padStart(5, '0')}`;
      const pod = {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name, namespace: 'default', uid: `11111111-0000-4000-8000-${String(k).padStart(12, '0')}`, resourceVersion: String(++rv) },
        spec: { nodeName: node, containers: [{ name: 'app', image: 'nginx:1.27', resources: { requests: { cpu: `${cpu}m`, memory: `${256 * ((k % 3) + 1)}Mi` } } }] },
        status: { phase: 'Running', podIP: `10.${Math.floor(i / 250)}.${i % 250}.${j + 2}`, qosClass: 'Burstable', conditions: [{ type: 'Ready', status: 'True' }], containerStatuses: [{ name: 'app', ready: true, restartCount: 0, image: 'nginx:1.27', imageID: '', state: { running: { startedAt: BIG_ORIGIN } }, lastState: {} }] },
      };
      push({ t, kind: 'object', actor: 'kube-apiserver', op: 'ADDED', ref: { apiVersion: 'v1', kind: 'Pod', namespace: 'default', name, uid: pod.metadata.uid }, attrs: { resourceVersion: pod.metadata.resourceVersion, object: pod } });
      t += 10;
    }
  });
  // 3. Some nodes stop posting status: the node lifecycle controller marks them Unknown and taints them.
  t += 1_000_000;
  if (notReadyEvery > 0)
    names.forEach((name, i) => {
      if (i % notReadyEvery !== notReadyEvery - 1) return;
      push({ t, kind: 'object', actor: 'kube-apiserver', op: 'MODIFIED', ref: { apiVersion: 'v1', kind: 'Node', name }, attrs: { resourceVersion: String(rv + 1), object: nodeObject(name, i, 'Unknown') } });
      t += 100;
    });
  // 4. Lease renewals in flight at the end, from every 10th node.
  t += 10_000;
  names.forEach((name, i) => {
    if (i % 10 !== 0) return;
    push({ t: t + i, dur: 5000, kind: 'message', actor: `kubelet/${name}`, to: 'kube-apiserver', op: `PUT /apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases/${name}`, attrs: { id: msgId++ } });
  });
  events.sort((a, b) => a.t - b.t || a.seq - b.seq);
  events.forEach((e, k) => (e.seq = k + 1));
  return { header, events };
}

export function bigClusterTimeline(opts: BigClusterOptions = {}): Timeline {
  const { header, events } = bigClusterTrace(opts);
  const tl = new Timeline(header);
  tl.append(events);
  return tl;
}
