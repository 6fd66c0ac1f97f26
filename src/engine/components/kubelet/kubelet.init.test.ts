import { describe, expect, it } from 'vitest';
import { criCalls, podEvents, podVersions, runPods, watchRows } from './test-scenarios.ts';

/**
 * Init containers, against kuberuntime_manager.go (computePodActions, findNextInitContainerToRun:
 * one at a time, each after the last exited 0; a failed one runs again, or kills the pod under
 * Never), kubelet_pods.go getPhase, status/generate.go (Initialized) and kubectl's printPod
 * (Init:N/M, Init:Error, Init:CrashLoopBackOff, PodInitializing).
 */

const PODS = `apiVersion: v1
kind: Pod
metadata: {name: init-demo}
spec:
  initContainers:
    - {name: wait-a-bit, image: "busybox:1.36", command: [sh, -c, "sleep 5"]}
    - {name: migrate, image: "busybox:1.36", command: [sh, -c, "echo migrating; sleep 2"]}
  containers:
    - {name: web, image: "nginx:1.27"}
---
apiVersion: v1
kind: Pod
metadata: {name: init-fails}
spec:
  initContainers:
    - {name: check, image: "busybox:1.36", command: [sh, -c, "exit 2"]}
  containers:
    - {name: web, image: "nginx:1.27"}
---
apiVersion: v1
kind: Pod
metadata: {name: init-never}
spec:
  restartPolicy: Never
  initContainers:
    - {name: check, image: "busybox:1.36", command: [sh, -c, "exit 2"]}
  containers:
    - {name: web, image: "nginx:1.27"}`;

describe('init containers', () => {
  const r = runPods(PODS, `  - wait: 45s
`);
  const created = (pod: string): string[] =>
    criCalls(r, 'CreateContainer')
      .filter((e) => e.ref?.name === pod)
      .map((e) => (e.attrs?.request as { config: { metadata: { name: string } } }).config.metadata.name);

  it('runs them one at a time, each after the one before exited 0, then the app container', () => {
    expect(created('init-demo')).toEqual(['wait-a-bit', 'migrate', 'web']);
    const startOf = (name: string): number =>
      r.events.find((e) => e.kind === 'message' && e.op === 'CreateContainer' && (e.attrs?.request as { config: { metadata: { name: string } } }).config.metadata.name === name && e.ref?.name === 'init-demo')?.t ?? 0;
    expect(startOf('migrate') - startOf('wait-a-bit')).toBeGreaterThanOrEqual(5_000_000);
    expect(startOf('web') - startOf('migrate')).toBeGreaterThanOrEqual(2_000_000);
  });

  it('shows Init:0/2, Init:1/2, PodInitializing, then Running', () => {
    const statuses = [...new Set(watchRows(r, 'init-demo').map(([s]) => s))];
    expect(statuses).toEqual(['Pending', 'Init:0/2', 'Init:1/2', 'PodInitializing', 'Running']);
    const initialized = podVersions(r, 'init-demo').map((v) => v.pod.status?.conditions?.find((c) => c.type === 'Initialized'));
    expect(initialized.find((c) => c?.status === 'False')).toMatchObject({ reason: 'ContainersNotInitialized', message: 'containers with incomplete status: [wait-a-bit migrate]' });
    expect(initialized.at(-1)?.status).toBe('True');
  });

  it('runs a failing init container again with the CrashLoopBackOff back-off, and never the app container', () => {
    expect(created('init-fails').every((n) => n === 'check')).toBe(true);
    expect(created('init-fails').length).toBeGreaterThanOrEqual(3);
    const statuses = watchRows(r, 'init-fails').map(([s]) => s);
    expect(statuses).toEqual(expect.arrayContaining(['Init:Error', 'Init:CrashLoopBackOff']));
    expect(podEvents(r, 'init-fails').some((e) => e.startsWith('BackOff: Back-off restarting failed container check in pod init-fails_default('))).toBe(true);
  });

  it('fails the pod when an init container fails under restartPolicy Never', () => {
    expect(created('init-never')).toEqual(['check']);
    expect(podVersions(r, 'init-never').at(-1)?.pod.status?.phase).toBe('Failed');
    expect(watchRows(r, 'init-never').at(-1)?.[0]).toBe('Init:Error');
  });
});
