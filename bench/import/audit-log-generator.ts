import { createRng, type Rng } from '../../src/base/rng.ts';

/**
 * A synthetic kube-apiserver audit log (audit.k8s.io/v1 Events, one per line) of any size, for
 * the import benchmark and the browser's large-file test. It has the mix a real log of a busy
 * cluster has (trace-formats.md §1): Deployments, ReplicaSets and Pods written at
 * RequestResponse level with full objects and managedFields, the scheduler's `pods/binding`,
 * the kubelet's status patches, and the Metadata-level noise of leases, Events and reads, each
 * request as its RequestReceived and ResponseComplete stages under one audit ID, µs timestamps
 * increasing. Deterministic: the same seed gives the same bytes.
 */

const START_MS = Date.UTC(2026, 0, 1, 9, 0, 0);
const NODES = ['node-1', 'node-2', 'node-3', 'node-4'];

/** `2026-01-01T09:00:00.123456Z`: audit's MicroTime. */
function microTime(us: number): string {
  const ms = Math.floor(us / 1000);
  const frac = String(us % 1_000_000).padStart(6, '0');
  return `${new Date(ms).toISOString().slice(0, 19)}.${frac}Z`;
}

function hex(rng: Rng, n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += '0123456789abcdef'[rng.int(16)];
  return s;
}

function uuid(rng: Rng): string {
  return `${hex(rng, 8)}-${hex(rng, 4)}-4${hex(rng, 3)}-${'89ab'[rng.int(4)]}${hex(rng, 3)}-${hex(rng, 12)}`;
}

interface Writer {
  user: { username: string; uid?: string; groups: string[] };
  userAgent: string;
}

const KUBECTL: Writer = { user: { username: 'kubernetes-admin', groups: ['kubeadm:cluster-admins', 'system:authenticated'] }, userAgent: 'kubectl/v1.34.1 (linux/amd64) kubernetes/93248f9' };
const controller = (name: string): Writer => ({
  user: { username: `system:serviceaccount:kube-system:${name}`, groups: ['system:serviceaccounts', 'system:serviceaccounts:kube-system', 'system:authenticated'] },
  userAgent: `kube-controller-manager/v1.34.1 (linux/amd64) kubernetes/93248f9/system:serviceaccount:kube-system:${name}`,
});
const SCHEDULER: Writer = { user: { username: 'system:kube-scheduler', groups: ['system:authenticated'] }, userAgent: 'kube-scheduler/v1.34.1 (linux/amd64) kubernetes/93248f9/scheduler' };
const kubelet = (node: string): Writer => ({ user: { username: `system:node:${node}`, groups: ['system:nodes', 'system:authenticated'] }, userAgent: 'kubelet/v1.34.1 (linux/amd64) kubernetes/93248f9' });

interface Request {
  writer: Writer;
  verb: string;
  uri: string;
  objectRef: Record<string, string>;
  level: 'Metadata' | 'RequestResponse';
  code: number;
  requestObject?: unknown;
  responseObject?: unknown;
}

/** The generator's state: a clock and a resourceVersion counter, like one apiserver's. */
export class AuditLogGenerator {
  private readonly rng: Rng;
  private clockUs = START_MS * 1000;
  private rv = 1000;
  private deployments = 0;
  private readonly pending: string[] = [];

  constructor(seed = 1) {
    this.rng = createRng(seed);
  }

  /** The next line of the log (without the line break). */
  next(): string {
    if (this.pending.length === 0) this.rollout();
    return this.pending.shift() as string;
  }

  private emit(req: Request): void {
    const auditID = uuid(this.rng);
    const received = (this.clockUs += 50 + this.rng.int(400));
    const done = received + 300 + this.rng.int(4000);
    const sourceIPs = [req.writer.userAgent.startsWith('kubectl') ? '172.18.0.1' : '172.18.0.2'];
    const head = { kind: 'Event', apiVersion: 'audit.k8s.io/v1', level: req.level, auditID };
    const common = { requestURI: req.uri, verb: req.verb, user: req.writer.user, sourceIPs, userAgent: req.writer.userAgent, objectRef: req.objectRef };
    this.pending.push(
      JSON.stringify({ ...head, stage: 'RequestReceived', ...common, ...(req.requestObject ? { requestObject: req.requestObject } : {}), requestReceivedTimestamp: microTime(received), stageTimestamp: microTime(received) }),
      JSON.stringify({
        ...head,
        stage: 'ResponseComplete',
        ...common,
        responseStatus: { metadata: {}, code: req.code },
        ...(req.requestObject ? { requestObject: req.requestObject } : {}),
        ...(req.responseObject ? { responseObject: req.responseObject } : {}),
        requestReceivedTimestamp: microTime(received),
        stageTimestamp: microTime(done),
        annotations: { 'authorization.k8s.io/decision': 'allow', 'authorization.k8s.io/reason': 'RBAC: allowed by ClusterRoleBinding "system:controller:replicaset-controller" of ClusterRole "system:controller:replicaset-controller" to ServiceAccount "replicaset-controller/kube-system"' },
      }),
    );
    this.clockUs = done;
  }

  private managedFields(manager: string, operation: string, t: string): unknown[] {
    return [{ manager, operation, apiVersion: 'v1', time: t.slice(0, 19) + 'Z', fieldsType: 'FieldsV1', fieldsV1: { 'f:metadata': { 'f:labels': { '.': {}, 'f:app': {}, 'f:pod-template-hash': {} } }, 'f:spec': { 'f:containers': { 'k:{"name":"web"}': { '.': {}, 'f:image': {}, 'f:imagePullPolicy': {}, 'f:name': {}, 'f:resources': {} } } } } }];
  }

  private pod(name: string, uid: string, rsName: string, rsUid: string, hash: string, node: string | undefined, phase: string): unknown {
    const t = microTime(this.clockUs);
    return {
      kind: 'Pod',
      apiVersion: 'v1',
      metadata: {
        name,
        generateName: `${rsName}-`,
        namespace: 'default',
        uid,
        resourceVersion: String(++this.rv),
        creationTimestamp: t.slice(0, 19) + 'Z',
        labels: { app: 'web', 'pod-template-hash': hash },
        ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: rsName, uid: rsUid, controller: true, blockOwnerDeletion: true }],
        managedFields: this.managedFields('kube-controller-manager', 'Update', t),
      },
      spec: {
        containers: [{ name: 'web', image: 'nginx:1.27', resources: {}, terminationMessagePath: '/dev/termination-log', terminationMessagePolicy: 'File', imagePullPolicy: 'IfNotPresent' }],
        restartPolicy: 'Always',
        terminationGracePeriodSeconds: 30,
        dnsPolicy: 'ClusterFirst',
        serviceAccountName: 'default',
        ...(node ? { nodeName: node } : {}),
        schedulerName: 'default-scheduler',
        tolerations: [
          { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
          { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
        ],
        priority: 0,
        enableServiceLinks: true,
        preemptionPolicy: 'PreemptLowerPriority',
      },
      status: { phase, qosClass: 'BestEffort' },
    };
  }

  /** One Deployment of three replicas: create, ReplicaSet, Pods, bindings, status patches, noise. */
  private rollout(): void {
    const n = ++this.deployments;
    const dep = `web-${n}`;
    const hash = hex(this.rng, 10);
    const rsName = `${dep}-${hash}`;
    const depUid = uuid(this.rng);
    const rsUid = uuid(this.rng);
    const ns = 'default';
    this.emit({
      writer: KUBECTL,
      verb: 'create',
      uri: `/apis/apps/v1/namespaces/${ns}/deployments?fieldManager=kubectl-create&fieldValidation=Strict`,
      objectRef: { resource: 'deployments', namespace: ns, name: dep, apiGroup: 'apps', apiVersion: 'v1' },
      level: 'RequestResponse',
      code: 201,
      requestObject: { kind: 'Deployment', apiVersion: 'apps/v1', metadata: { name: dep, labels: { app: 'web' } }, spec: { replicas: 3, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx:1.27' }] } } } },
      responseObject: { kind: 'Deployment', apiVersion: 'apps/v1', metadata: { name: dep, namespace: ns, uid: depUid, resourceVersion: String(++this.rv), generation: 1, labels: { app: 'web' } }, spec: { replicas: 3 }, status: {} },
    });
    this.emit({
      writer: controller('deployment-controller'),
      verb: 'create',
      uri: `/apis/apps/v1/namespaces/${ns}/replicasets`,
      objectRef: { resource: 'replicasets', namespace: ns, apiGroup: 'apps', apiVersion: 'v1' },
      level: 'RequestResponse',
      code: 201,
      responseObject: { kind: 'ReplicaSet', apiVersion: 'apps/v1', metadata: { name: rsName, namespace: ns, uid: rsUid, resourceVersion: String(++this.rv), ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: dep, uid: depUid, controller: true, blockOwnerDeletion: true }] }, spec: { replicas: 3 }, status: { replicas: 0 } },
    });
    for (let i = 0; i < 3; i++) {
      const podName = `${rsName}-${hex(this.rng, 5)}`;
      const podUid = uuid(this.rng);
      const node = NODES[this.rng.int(NODES.length)] as string;
      this.emit({
        writer: controller('replicaset-controller'),
        verb: 'create',
        uri: `/api/v1/namespaces/${ns}/pods`,
        objectRef: { resource: 'pods', namespace: ns, apiVersion: 'v1' },
        level: 'RequestResponse',
        code: 201,
        responseObject: this.pod(podName, podUid, rsName, rsUid, hash, undefined, 'Pending'),
      });
      this.emit({
        writer: SCHEDULER,
        verb: 'create',
        uri: `/api/v1/namespaces/${ns}/pods/${podName}/binding`,
        objectRef: { resource: 'pods', namespace: ns, name: podName, apiVersion: 'v1', subresource: 'binding' },
        level: 'RequestResponse',
        code: 201,
        requestObject: { kind: 'Binding', apiVersion: 'v1', metadata: { name: podName, namespace: ns, uid: podUid }, target: { kind: 'Node', name: node } },
        responseObject: { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code: 201 },
      });
      this.emit({
        writer: kubelet(node),
        verb: 'get',
        uri: `/api/v1/namespaces/${ns}/pods/${podName}`,
        objectRef: { resource: 'pods', namespace: ns, name: podName, apiVersion: 'v1' },
        level: 'Metadata',
        code: 200,
      });
      this.emit({
        writer: kubelet(node),
        verb: 'patch',
        uri: `/api/v1/namespaces/${ns}/pods/${podName}/status`,
        objectRef: { resource: 'pods', namespace: ns, name: podName, apiVersion: 'v1', subresource: 'status' },
        level: 'RequestResponse',
        code: 200,
        requestObject: { metadata: { uid: podUid }, status: { $setElementOrder_conditions: [{ type: 'PodReadyToStartContainers' }, { type: 'Initialized' }, { type: 'Ready' }, { type: 'ContainersReady' }, { type: 'PodScheduled' }], conditions: [{ type: 'Ready', status: 'True' }], containerStatuses: [{ containerID: `containerd://${hex(this.rng, 64)}`, image: 'docker.io/library/nginx:1.27', imageID: `docker.io/library/nginx@sha256:${hex(this.rng, 64)}`, name: 'web', ready: true, restartCount: 0, started: true, state: { running: { startedAt: microTime(this.clockUs).slice(0, 19) + 'Z' } } }], hostIP: '172.18.0.3', phase: 'Running', podIP: `10.244.${this.rng.int(4)}.${2 + this.rng.int(250)}` } },
        responseObject: this.pod(podName, podUid, rsName, rsUid, hash, node, 'Running'),
      });
      this.emit({
        writer: kubelet(node),
        verb: 'update',
        uri: `/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases/${node}?timeout=10s`,
        objectRef: { resource: 'leases', namespace: 'kube-node-lease', name: node, apiGroup: 'coordination.k8s.io', apiVersion: 'v1' },
        level: 'Metadata',
        code: 200,
      });
    }
    this.emit({
      writer: controller('replicaset-controller'),
      verb: 'update',
      uri: `/apis/apps/v1/namespaces/${ns}/replicasets/${rsName}/status`,
      objectRef: { resource: 'replicasets', namespace: ns, name: rsName, uid: rsUid, apiGroup: 'apps', apiVersion: 'v1', subresource: 'status' },
      level: 'RequestResponse',
      code: 200,
      responseObject: { kind: 'ReplicaSet', apiVersion: 'apps/v1', metadata: { name: rsName, namespace: ns, uid: rsUid, resourceVersion: String(++this.rv) }, spec: { replicas: 3 }, status: { replicas: 3, readyReplicas: 3, availableReplicas: 3, fullyLabeledReplicas: 3, observedGeneration: 1 } },
    });
  }
}
