import { describe, expect, it } from 'vitest';
import { loadTimeline } from '../../source/load-timeline.ts';
import { createSimulationSource } from '../../source/simulation-source.ts';
import { nodeModel, type NodeModel, type PodView } from './model.ts';
import { countUpTo, nodeEventIndex } from './nodeEvents.ts';

/**
 * The node view-model over traces the real engine makes (through source, as the app runs it):
 * a Pod with shareProcessNamespace, run and then deleted. Rules: with shareProcessNamespace the
 * kubelet asks for namespaceOptions.pid POD and containerd has the app containers join the
 * pause container's pid namespace (kubernetes pkg/kubelet/kuberuntime/helpers_linux.go
 * namespacesForPod; containerd container_create_linux.go), so the pause process is the Pod's
 * PID 1; on deletion the runtime kills and deletes the tasks, the shim exits, the netns is
 * unmounted and the kubelet removes the pod cgroup (DOMAIN.md 5.1 and 6).
 */

const SCENARIO = `seed: 3
cluster:
  nodes:
    - name: node-1
      runtime: containerd+runc
steps:
  - run: kubectl apply -f -
    stdin: |
      apiVersion: v1
      kind: Pod
      metadata:
        name: shared
      spec:
        shareProcessNamespace: true
        containers:
          - name: app
            image: busybox:1.36
            command: ["sleep", "3600"]
  - until: settled
  - run: kubectl delete pod shared
  - until: settled
`;

describe('a shareProcessNamespace Pod, run and deleted, through the real engine', async () => {
  const { timeline } = await loadTimeline(createSimulationSource({ scenarioText: SCENARIO, scenarioFile: 'shared.scenario.yaml' }));
  const events = nodeEventIndex(timeline).byNode.get('node-1') ?? [];
  const at = (t: number): NodeModel => nodeModel({ node: 'node-1', runtime: 'containerd+runc', events: events.slice(0, countUpTo(events, t)) });
  const deleteCommand = timeline.stateAt(timeline.endTime).commands.find((c) => c.op === 'kubectl delete pod shared' && c.attrs?.['phase'] === 'start');
  const running = at((deleteCommand?.t ?? 1) - 1);
  const pod = running.pods[0] as PodView;

  it('puts the app container in the pause container\'s pid namespace: one box, the pause process is PID 1', () => {
    expect(pod.namespaceOptions?.['pid']).toBe('POD');
    const pid = pod.namespaces.find((r) => r.kind === 'pid')?.boxes ?? [];
    expect(pid.map((b) => [b.from, b.to, b.relations.join(',')])).toEqual([
      [0, 0, 'host'],
      [1, 2, 'created,joined'],
    ]);
    const shim = running.processes.find((p) => p.role === 'shim');
    expect(shim?.children.map((c) => [c.containerName, c.pid1])).toEqual([
      ['pause', true],
      ['app', false],
    ]);
    // Its mount namespace stays its own.
    expect(pod.namespaces.find((r) => r.kind === 'mnt')?.boxes.map((b) => b.relations.join(','))).toEqual(['host', 'created', 'created']);
  });

  it('reads the app\'s overlay from the shim\'s mount span: its own upperdir and workdir over the image\'s layers as lowerdirs (containerd core/mount, plugins/snapshots/overlay)', () => {
    const app = pod.containers.find((c) => c.name === 'app');
    const mount = events.find((e) => e.kind === 'span' && e.op === 'mount' && e.actor === 'containerd/node-1' && e.attrs?.['id'] === app?.id);
    const data = String(mount?.attrs?.['data']);
    const ov = app?.rootfs?.overlay;
    expect(ov?.target).toBe(mount?.attrs?.['target']);
    expect(`workdir=${ov?.workdir},upperdir=${ov?.upperdir},lowerdir=${ov?.lowerdirs.join(':')}`).toBe(data.replace(/,index=off$/, ''));
    // The lowerdirs are the image's layers, top first, as the pull committed them.
    expect(ov?.lowerdirs).toEqual(app?.rootfs?.layers.map((l) => l.dir));
    // The merged dir is the bundle's rootfs runc pivots into.
    expect(app?.mounts?.rootfs).toBe(ov?.target);
    expect(app?.mounts?.pivot).toBeDefined();
  });

  it('leaves nothing of the Pod once it is deleted: no sandbox, no shim, no container process, no cgroup', () => {
    const end = at(timeline.endTime);
    expect(end.pods).toEqual([]);
    expect(end.processes.map((p) => p.name)).toEqual(['kubelet', 'containerd']);
    expect(end.cgroups.children).toEqual([]);
  });
});
