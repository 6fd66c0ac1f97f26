import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../scenario/parse.ts';
import { runScenario } from '../../scenario/runner.ts';
import type { TraceEvent } from '../../../trace/schema.ts';

// examples/dockershim.scenario.yaml: a Deployment on a dockershim node. The order follows
// kubernetes v1.23.17 pkg/kubelet/dockershim/docker_sandbox.go (RunPodSandbox, StopPodSandbox,
// RemovePodSandbox), docker_container.go, docker_image.go and network/cni/cni.go.
const FILE = 'examples/dockershim.scenario.yaml';
const run = () => runScenario(parseScenario(readFileSync(FILE, 'utf8'), FILE));
const result = run();
const events: TraceEvent[] = result.events ?? [];
const out = (cmd: string) => result.outputs.find((o) => o.command === cmd)?.stdout ?? '';
const messages = events.filter((e) => e.kind === 'message');
const SHIM = 'dockershim/node-1';

describe('a dockershim node', () => {
  it('runs the Deployment, with pod IPs from the CNI plugin, and reports kubelet v1.23.17 on docker://28.5.1', () => {
    const pods = out('kubectl get pods -o wide');
    expect(pods.match(/^web-\S+\s+1\/1\s+Running\s+0\s+\S+\s+10\.244\.1\.\d+\s+node-1\s/gm)?.length).toBe(2);
    expect(out('kubectl get nodes -o wide')).toMatch(/^node-1\s+Ready\s+<none>\s+\S+\s+v1\.23\.17\s.*docker:\/\/28\.5\.1$/m);
    const last = result.outputs.find((o) => o.command === 'kubectl get pods');
    expect(`${last?.stdout ?? ''}${last?.stderr ?? ''}`).toBe('No resources found in default namespace.\n');
    expect(out('ssh node-1 docker ps -a')).toBe('CONTAINER ID   IMAGE     COMMAND   CREATED   STATUS    PORTS     NAMES\n');
  });

  it('shows the k8s_ and k8s_POD_ containers in docker ps, and the same pods through crictl on dockershim.sock', () => {
    const ps = out('ssh node-1 docker ps');
    // The app containers were created from the image ID (short in IMAGE) and share the pause container's network (no PORTS).
    expect(ps.match(/^[0-9a-f]{12} {3}[0-9a-f]{12} {16}"\/docker-entrypoint\.…" {3}.* ago {3}Up .* {13}k8s_nginx_web-\S+_default_[0-9a-f-]{36}_0$/gm)?.length).toBe(2);
    expect(ps.match(/^[0-9a-f]{12}\s+registry\.k8s\.io\/pause:3\.9\s+"\/pause"\s.*\sk8s_POD_web-\S+_default_[0-9a-f-]{36}_0$/gm)?.length).toBe(2);
    const crictlPs = out('ssh node-1 crictl --runtime-endpoint unix:///var/run/dockershim.sock ps');
    expect(crictlPs.match(/Running\s+nginx\s+0\s+[0-9a-f]{13}\s+web-/g)?.length).toBe(2);
    // The CONTAINER column of crictl is the Docker ID's first 13 hex: the same containers.
    const dockerIds = [...ps.matchAll(/^([0-9a-f]{12}).*k8s_nginx_/gm)].map((m) => m[1]);
    for (const id of dockerIds) expect(crictlPs).toContain(id as string);
    expect(out('ssh node-1 crictl --runtime-endpoint unix:///var/run/dockershim.sock pods').match(/Ready\s+web-/g)?.length).toBe(2);
    // docker_service.go Version: "docker", the engine's version, the Engine API's.
    expect(out('ssh node-1 crictl --runtime-endpoint unix:///var/run/dockershim.sock version')).toBe('Version:  0.1.0\nRuntimeName:  docker\nRuntimeVersion:  28.5.1\nRuntimeApiVersion:  1.51\n');
  });

  it('keeps the kubelet→dockershim hop in-process and speaks Engine API v1.41 to dockerd', () => {
    const cri = messages.filter((e) => e.actor === 'kubelet/node-1' && e.to === SHIM);
    expect(cri.map((e) => e.op)).toEqual(expect.arrayContaining(['RunPodSandbox', 'PullImage', 'CreateContainer', 'StartContainer', 'PodSandboxStatus', 'StopContainer', 'StopPodSandbox', 'RemovePodSandbox']));
    const toDockerd = messages.filter((e) => e.actor === SHIM && e.to === 'dockerd/node-1');
    expect(toDockerd.length).toBeGreaterThan(10);
    expect(toDockerd.every((e) => /^(GET|POST|DELETE) \/v1\.41\//.test(e.op))).toBe(true);
    // The CRI hop costs a function call; the Docker socket a unix-socket round trip.
    const at = (e: TraceEvent | undefined) => e?.t ?? 0;
    const first = cri[0];
    const delivered = events.find((e) => e.kind === 'message' && e.actor === SHIM && e.cause === first?.seq);
    expect(delivered).toBeDefined();
    expect(at(delivered) - at(first)).toBeLessThan(120);
  });

  it('runs RunPodSandbox in dockershim\'s order: pause image, create, checkpoint, start, inspect for the pid, CNI ADD in /proc/<pid>/ns/net', () => {
    const run0 = events.findIndex((e) => e.kind === 'message' && e.to === SHIM && e.op === 'RunPodSandbox');
    const find = (pred: (e: TraceEvent) => boolean) => events.findIndex((e, i) => i > run0 && pred(e));
    const order = [
      find((e) => e.actor === SHIM && e.op.startsWith('GET /v1.41/images/registry.k8s.io/pause:3.9/json')),
      find((e) => e.actor === SHIM && e.op.startsWith('POST /v1.41/containers/create?name=k8s_POD_web-')),
      find((e) => e.actor === SHIM && e.op === 'write checkpoint'),
      find((e) => e.actor === SHIM && /^POST \/v1\.41\/containers\/[0-9a-f]{64}\/start$/.test(e.op)),
      find((e) => e.actor === SHIM && /^GET \/v1\.41\/containers\/[0-9a-f]{64}\/json$/.test(e.op)),
      find((e) => e.actor === SHIM && e.op === 'ADD' && e.attrs?.['plugin'] === 'bridge'),
      find((e) => e.actor === SHIM && e.op === 'RunPodSandboxResponse'),
    ];
    expect(order.every((i) => i > run0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    const create = events[order[1] as number];
    expect((create?.attrs?.['query'] as Record<string, string>)['name']).toMatch(/^k8s_POD_web-\S+_default_[0-9a-f-]{36}_0$/);
    const checkpoint = events[order[2] as number];
    expect(checkpoint?.attrs?.['path']).toMatch(/^\/var\/lib\/dockershim\/sandbox\/[0-9a-f]{64}$/);
    const add = events[order[5] as number];
    expect((add?.attrs?.['env'] as Record<string, string>)['CNI_NETNS']).toMatch(/^\/proc\/\d+\/ns\/net$/);
    // The pause image was absent at first: pulled through dockerd (each of the two concurrent
    // RunPodSandbox found it absent; dockershim does not coalesce pulls).
    const pulls = messages.filter((e) => e.actor === SHIM && e.op === 'POST /v1.41/images/create?fromImage=registry.k8s.io%2Fpause&tag=3.9');
    expect(pulls.length).toBe(2);
    expect(pulls.every((p) => p.seq < (events[order[1] as number]?.seq ?? 0))).toBe(true);
  });

  it('has dockerd run the containers through containerd, the shim and runc, joined to the sandbox\'s netns', () => {
    expect(messages.some((e) => e.actor === 'dockerd/node-1' && e.to === 'containerd/node-1' && e.op === 'containerd.services.tasks.v1.Tasks/Create')).toBe(true);
    expect(messages.some((e) => e.actor === 'containerd-shim-runc-v2/node-1' && e.to === 'runc/node-1' && e.op === 'create')).toBe(true);
    // runc's bootstrap data: the pause containers join the netns Docker made (NetworkMode none),
    // the app containers join the pause process's net and ipc namespaces,
    // the same /proc/<pid>/ns/net the CNI plugin configured.
    const cniNetns = events.filter((e) => e.actor === SHIM && e.op === 'ADD' && e.attrs?.['plugin'] === 'bridge').map((e) => (e.attrs?.['env'] as Record<string, string>)['CNI_NETNS']);
    const joins = events.filter((e) => e.actor === 'runc/node-1' && e.op === 'write' && Array.isArray(e.attrs?.['nsPaths']) && (e.attrs?.['nsPaths'] as string[]).some((p) => p.startsWith('net:/proc/'))).map((e) => e.attrs?.['nsPaths'] as string[]);
    expect(joins.length).toBe(2);
    for (const paths of joins) {
      const net = paths.find((p) => p.startsWith('net:'))?.slice(4);
      expect(cniNetns).toContain(net);
      expect(paths).toContain(`ipc:${(net ?? '').replace(/net$/, 'ipc')}`);
    }
  });

  it('tears a sandbox down with the CNI DEL before stopping the pause container (10 s grace), then removes the checkpoint', () => {
    const stop0 = events.findIndex((e) => e.kind === 'message' && e.to === SHIM && e.op === 'StopPodSandbox');
    const del = events.findIndex((e, i) => i > stop0 && e.actor === SHIM && e.op === 'DEL' && e.attrs?.['plugin'] === 'bridge');
    const stopPause = events.findIndex((e, i) => i > stop0 && e.actor === SHIM && /^POST \/v1\.41\/containers\/[0-9a-f]{64}\/stop\?t=10$/.test(e.op));
    expect(stop0).toBeGreaterThan(0);
    expect(del).toBeGreaterThan(stop0);
    expect(stopPause).toBeGreaterThan(del);
    expect(events.some((e) => e.actor === SHIM && e.op === 'remove checkpoint')).toBe(true);
  });

  it('is deterministic: the same seed gives the same trace', () => {
    const again = run().events ?? [];
    expect(again.length).toBe(events.length);
    expect(JSON.stringify(again)).toBe(JSON.stringify(events));
  });
});

// The kubelet's own machinery on top of dockershim: container IDs typed docker://, imageID
// docker-pullable:// (docker_image.go toPullableImageID), and CrashLoopBackOff restarts with
// attempt-numbered k8s_ names (naming.go).
describe('a crashing container on a dockershim node', () => {
  const yaml = `seed: 5
cluster:
  nodes:
    - {name: node-1, cpu: "4", memory: 8Gi, runtime: dockershim}
steps:
  - run: kubectl apply -f -
    stdin: |
      apiVersion: v1
      kind: Pod
      metadata: {name: crash}
      spec:
        containers:
          - name: app
            image: busybox:1.36
            command: ["sh", "-c", "exit 1"]
  - wait: 40s
  - run: kubectl get pods
  - run: kubectl get pod crash -o json
  - run: ssh node-1 docker ps -a
`;
  const r = runScenario(parseScenario(yaml, 'x.scenario.yaml'));
  const o = (cmd: string) => r.outputs.find((x) => x.command === cmd)?.stdout ?? '';

  it('restarts it with the back-off, each attempt a new k8s_app_crash_…_<attempt> container', () => {
    expect(o('kubectl get pods')).toMatch(/^crash\s+0\/1\s+(CrashLoopBackOff|Error)\s+[2-9]/m);
    const ps = o('ssh node-1 docker ps -a');
    expect(ps).toMatch(/Exited \(1\) .*k8s_app_crash_default_[0-9a-f-]{36}_1$/m);
    expect(ps).toMatch(/Up .*k8s_POD_crash_default_[0-9a-f-]{36}_0$/m);
  });

  it('reports docker:// container IDs and docker-pullable:// image IDs in the pod status', () => {
    const pod = JSON.parse(o('kubectl get pod crash -o json')) as { status: { containerStatuses: { containerID: string; imageID: string; lastState: { terminated?: { exitCode: number; reason: string } } }[] } };
    const s = pod.status.containerStatuses[0];
    expect(s?.containerID).toMatch(/^docker:\/\/[0-9a-f]{64}$/);
    expect(s?.imageID).toMatch(/^docker-pullable:\/\/busybox@sha256:[0-9a-f]{64}$/);
    expect(s?.lastState.terminated).toMatchObject({ exitCode: 1, reason: 'Error' });
  });
});

// docker_sandbox.go RunPodSandbox: a hostNetwork pod gets NetworkMode host and no CNI call.
describe('a hostNetwork pod on a dockershim node', () => {
  const yaml = `seed: 5
cluster:
  nodes:
    - {name: node-1, cpu: "4", memory: 8Gi, runtime: dockershim}
steps:
  - run: kubectl apply -f -
    stdin: |
      apiVersion: v1
      kind: Pod
      metadata: {name: hn}
      spec:
        hostNetwork: true
        containers:
          - {name: app, image: nginx:1.27}
  - until: settled
  - run: kubectl get pods -o wide
`;
  const r = runScenario(parseScenario(yaml, 'x.scenario.yaml'));

  it('runs with the node\'s IP and without the CNI plugin', () => {
    expect(r.outputs.find((o) => o.command === 'kubectl get pods -o wide')?.stdout).toMatch(/^hn\s+1\/1\s+Running\s+0\s+\S+\s+172\.18\.0\.4\s+node-1/m);
    const evs = r.events ?? [];
    expect(evs.some((e) => e.actor === SHIM && e.op === 'ADD')).toBe(false);
    const create = evs.find((e) => e.kind === 'message' && e.actor === SHIM && e.op.startsWith('POST /v1.41/containers/create?name=k8s_POD_hn_'));
    expect(create).toBeDefined();
  });
});
