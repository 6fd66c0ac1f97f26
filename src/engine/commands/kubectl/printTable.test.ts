import { describe, expect, it } from 'vitest';
import { resourceByName } from '../../../domain/k8s/resources.ts';
import type { ResourceInfo } from '../../../domain/k8s/resources.ts';
import { printTable, tableCells } from './printTable.ts';
import { TabWriter } from './printTabwriter.ts';
import { NOW, event, readyNode, runningPod, webDeployment, webReplicaSet } from './printTestFixtures.ts';

const res = (name: string): ResourceInfo => {
  const info = resourceByName(name);
  if (!info) throw new Error(name);
  return info;
};
const base = { wide: false, now: NOW, allNamespaces: false, showLabels: false };
const lines = (...ls: string[]): string => ls.map((l) => `${l}\n`).join('');

const pods = [
  runningPod('web-7d4b9c8f5-2xk4q', 'node-1', '10.244.1.2'),
  runningPod('web-7d4b9c8f5-8kzvb', 'node-2', '10.244.2.2'),
  runningPod('web-7d4b9c8f5-tq6lm', 'node-1', '10.244.1.3'),
];

// Expected strings are written out by hand from kubectl's layout rules (3 spaces after the
// widest cell, min width 6, last column unpadded) and compared with real kubectl output shapes.
describe('printTable', () => {
  it('prints pods like kubectl get pods', () => {
    expect(printTable(res('pods'), pods, base)).toBe(
      lines(
        'NAME                  READY   STATUS    RESTARTS   AGE',
        'web-7d4b9c8f5-2xk4q   1/1     Running   0          42s',
        'web-7d4b9c8f5-8kzvb   1/1     Running   0          42s',
        'web-7d4b9c8f5-tq6lm   1/1     Running   0          42s',
      ),
    );
  });

  it('prints pods -o wide', () => {
    expect(printTable(res('po'), pods.slice(0, 2), { ...base, wide: true })).toBe(
      lines(
        'NAME                  READY   STATUS    RESTARTS   AGE   IP           NODE     NOMINATED NODE   READINESS GATES',
        'web-7d4b9c8f5-2xk4q   1/1     Running   0          42s   10.244.1.2   node-1   <none>           <none>',
        'web-7d4b9c8f5-8kzvb   1/1     Running   0          42s   10.244.2.2   node-2   <none>           <none>',
      ),
    );
  });

  it('prints deployments, plain and wide', () => {
    expect(printTable(res('deployments'), [webDeployment], base)).toBe(
      lines('NAME   READY   UP-TO-DATE   AVAILABLE   AGE', 'web    3/3     3            3           43s'),
    );
    expect(printTable(res('deploy'), [webDeployment], { ...base, wide: true })).toBe(
      lines(
        'NAME   READY   UP-TO-DATE   AVAILABLE   AGE   CONTAINERS   IMAGES       SELECTOR',
        'web    3/3     3            3           43s   nginx        nginx:1.27   app=web',
      ),
    );
  });

  it('prints replicasets, plain and wide', () => {
    expect(printTable(res('rs'), [webReplicaSet], base)).toBe(
      lines('NAME            DESIRED   CURRENT   READY   AGE', 'web-7d4b9c8f5   3         3         3       43s'),
    );
    expect(printTable(res('replicasets'), [webReplicaSet], { ...base, wide: true })).toBe(
      lines(
        'NAME            DESIRED   CURRENT   READY   AGE   CONTAINERS   IMAGES       SELECTOR',
        'web-7d4b9c8f5   3         3         3       43s   nginx        nginx:1.27   app=web,pod-template-hash=7d4b9c8f5',
      ),
    );
  });

  it('prints nodes with roles, and the wide columns', () => {
    const nodes = [readyNode('control-plane', '172.18.0.2', { 'node-role.kubernetes.io/control-plane': '' }), readyNode('node-1', '172.18.0.3')];
    expect(printTable(res('nodes'), nodes, base)).toBe(
      lines(
        'NAME            STATUS   ROLES           AGE   VERSION',
        'control-plane   Ready    control-plane   61m   v1.34.2',
        'node-1          Ready    <none>          61m   v1.34.2',
      ),
    );
    expect(printTable(res('no'), nodes.slice(1), { ...base, wide: true })).toBe(
      lines(
        'NAME     STATUS   ROLES    AGE   VERSION   INTERNAL-IP   EXTERNAL-IP   OS-IMAGE                         KERNEL-VERSION     CONTAINER-RUNTIME',
        'node-1   Ready    <none>   61m   v1.34.2   172.18.0.3    <none>        Debian GNU/Linux 12 (bookworm)   6.8.0-49-generic   containerd://2.1.4',
      ),
    );
  });

  it('shows NotReady and SchedulingDisabled', () => {
    const node = readyNode('node-2', '172.18.0.4');
    node.spec.unschedulable = true;
    node.status = { ...node.status, conditions: [{ type: 'Ready', status: 'Unknown' }] };
    expect(tableCells(res('nodes'), [node], base).rows[0]?.[1]).toBe('NotReady,SchedulingDisabled');
  });

  it('prints events in name order, which groups them by object as kubectl does', () => {
    const evs = [
      event('web.1881e0b1d0000000', 'ScalingReplicaSet', 'Deployment', 'web', 'Scaled up replica set web-7d4b9c8f5 from 0 to 3', '2026-01-01T09:00:17Z'),
      event('web-7d4b9c8f5.1881e0b1e0000000', 'SuccessfulCreate', 'ReplicaSet', 'web-7d4b9c8f5', 'Created pod: web-7d4b9c8f5-2xk4q', '2026-01-01T09:00:17Z'),
      event('web-7d4b9c8f5-2xk4q.1881e0b1f2a3c4d5', 'Scheduled', 'Pod', 'web-7d4b9c8f5-2xk4q', 'Successfully assigned default/web-7d4b9c8f5-2xk4q to node-1', '2026-01-01T09:00:18Z', {
        source: { component: 'default-scheduler' },
      }),
    ];
    expect(printTable(res('events'), evs, base)).toBe(
      lines(
        'LAST SEEN   TYPE     REASON              OBJECT                     MESSAGE',
        '42s         Normal   Scheduled           pod/web-7d4b9c8f5-2xk4q    Successfully assigned default/web-7d4b9c8f5-2xk4q to node-1',
        '43s         Normal   SuccessfulCreate    replicaset/web-7d4b9c8f5   Created pod: web-7d4b9c8f5-2xk4q',
        '43s         Normal   ScalingReplicaSet   deployment/web             Scaled up replica set web-7d4b9c8f5 from 0 to 3',
      ),
    );
  });

  it('prints the wide event columns where kubectl puts them', () => {
    const ev = event('web-7d4b9c8f5-2xk4q.1881e0b1f2a3c4d6', 'Pulling', 'Pod', 'web-7d4b9c8f5-2xk4q', 'Pulling image "nginx:1.27"', '2026-01-01T09:00:19Z', {
      source: { component: 'kubelet', host: 'node-1' },
      involvedObject: { kind: 'Pod', name: 'web-7d4b9c8f5-2xk4q', namespace: 'default', fieldPath: 'spec.containers{nginx}' },
    });
    expect(tableCells(res('ev'), [ev], { ...base, wide: true })).toEqual({
      header: ['LAST SEEN', 'TYPE', 'REASON', 'OBJECT', 'SUBOBJECT', 'SOURCE', 'MESSAGE', 'FIRST SEEN', 'COUNT', 'NAME'],
      rows: [['41s', 'Normal', 'Pulling', 'pod/web-7d4b9c8f5-2xk4q', 'spec.containers{nginx}', 'kubelet, node-1', 'Pulling image "nginx:1.27"', '41s', '1', 'web-7d4b9c8f5-2xk4q.1881e0b1f2a3c4d6']],
    });
  });

  it('uses eventTime and series for events of the events.k8s.io API', () => {
    const ev = event('x.1', 'BackOff', 'Pod', 'x', 'Back-off restarting failed container', '2026-01-01T09:00:00Z');
    delete ev.firstTimestamp;
    delete ev.lastTimestamp;
    ev.count = 0;
    ev.eventTime = '2026-01-01T09:00:00.123456Z';
    // 59.876544 s: HumanDuration truncates to whole seconds
    expect(tableCells(res('events'), [ev], { ...base, wide: true }).rows[0]).toEqual(['59s', 'Normal', 'BackOff', 'pod/x', '', '', 'Back-off restarting failed container', '59s', '1', 'x.1']);
    (ev as unknown as { series: object }).series = { count: 4, lastObservedTime: '2026-01-01T09:00:50.000000Z' };
    expect(tableCells(res('events'), [ev], { ...base, wide: true }).rows[0]?.slice(0, 1)).toEqual(['10s']);
    expect(tableCells(res('events'), [ev], { ...base, wide: true }).rows[0]?.[8]).toBe('4');
  });

  it('adds NAMESPACE with -A, kind/name with --show-kind and LABELS with --show-labels', () => {
    expect(printTable(res('deployments'), [webDeployment], { ...base, allNamespaces: true, showKind: true, showLabels: true })).toBe(
      lines(
        'NAMESPACE   NAME                  READY   UP-TO-DATE   AVAILABLE   AGE   LABELS',
        'default     deployment.apps/web   3/3     3            3           43s   app=web',
      ),
    );
    // cluster-scoped resources get no NAMESPACE column
    expect(tableCells(res('nodes'), [readyNode('node-1', '1.2.3.4')], { ...base, allNamespaces: true }).header[0]).toBe('NAME');
  });

  it('adds -L label columns named after the last part of the key', () => {
    expect(tableCells(res('pods'), pods.slice(0, 1), { ...base, labelColumns: ['app', 'example.com/tier'] })).toMatchObject({
      header: ['NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE', 'APP', 'TIER'],
      rows: [['web-7d4b9c8f5-2xk4q', '1/1', 'Running', '0', '42s', 'web', '']],
    });
  });

  it('prints nothing for an empty list and honours --no-headers', () => {
    expect(printTable(res('pods'), [], base)).toBe('');
    expect(printTable(res('deploy'), [webDeployment], { ...base, noHeaders: true })).toBe(lines('web   3/3   3     3     43s'));
  });

  it('keeps widths for rows printed later, as kubectl get -w does', () => {
    const writer = new TabWriter();
    const first = printTable(res('pods'), pods.slice(0, 1), { ...base, writer });
    expect(first).toBe(lines('NAME                  READY   STATUS    RESTARTS   AGE', 'web-7d4b9c8f5-2xk4q   1/1     Running   0          42s'));
    const pending = runningPod('web-7d4b9c8f5-x', 'node-1', '10.244.1.9');
    pending.status = { phase: 'Pending' };
    pending.spec.nodeName = '';
    const { rows } = tableCells(res('pods'), [pending], base);
    expect(writer.write(rows)).toBe(lines('web-7d4b9c8f5-x       0/1     Pending   0          42s'));
  });

  it('prints other kinds with their own columns or NAME and AGE', () => {
    const cm = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'kube-root-ca.crt', creationTimestamp: '2026-01-01T08:00:00Z' }, data: { 'ca.crt': 'x' } };
    expect(printTable(res('cm'), [cm], base)).toBe(lines('NAME               DATA   AGE', 'kube-root-ca.crt   1      61m'));
    const svc = {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'kubernetes', creationTimestamp: '2026-01-01T08:00:00Z' },
      spec: { type: 'ClusterIP', clusterIPs: ['10.96.0.1'], ports: [{ port: 443, protocol: 'TCP' }] },
    };
    expect(printTable(res('svc'), [svc], base)).toBe(
      lines('NAME         TYPE        CLUSTER-IP   EXTERNAL-IP   PORT(S)   AGE', 'kubernetes   ClusterIP   10.96.0.1    <none>        443/TCP   61m'),
    );
    const ns = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'default', creationTimestamp: '2026-01-01T08:00:00Z' }, status: { phase: 'Active' } };
    expect(printTable(res('ns'), [ns], base)).toBe(lines('NAME      STATUS   AGE', 'default   Active   61m'));
    const pc = { apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: { name: 'system-node-critical', creationTimestamp: '2025-12-30T09:01:00Z' } };
    expect(printTable(res('pc'), [pc], base)).toBe(lines('NAME                   AGE', 'system-node-critical   2d'));
  });
});
