import { describe, expect, it } from 'vitest';
import type { Pod } from '../../../domain/k8s/objects.ts';
import { encodeTrace } from '../../../trace/jsonl.ts';
import { criCalls, exits, output, podEvents, podVersions, runPods, SECOND, starts, watchRows } from './test-scenarios.ts';

/**
 * A container that exits 1, through the whole cluster, against pkg/kubelet/kuberuntime/
 * kuberuntime_manager.go (computePodActions, doBackOff), kubelet.go (newCrashLoopBackOff: 10 s
 * doubling to 300 s, HasExpiredFunc 600 s), pod_workers.go (completeWork: a failed sync is retried
 * after 10–15 s), pleg/generic.go (relist every second), kubelet_pods.go
 * (convertToAPIContainerStatuses with the reason cache, getPhase) and client-go's event
 * correlator (tools/record/events_cache.go).
 */

const CRASH = `apiVersion: v1
kind: Pod
metadata: {name: crash}
spec:
  containers:
    - name: app
      image: busybox:1.36
      command: [sh, -c, "echo starting; exit 1"]`;

describe('CrashLoopBackOff', () => {
  const r = runPods(CRASH, `  - until: settled
  - run: kubectl get pods
  - wait: 3m
  - run: kubectl describe pod crash
`);
  const uid = podVersions(r, 'crash')[0]?.pod.metadata.uid ?? '';

  it('restarts the first crash at once, then waits the back-off (10 s, 20 s, 40 s, 80 s) from each exit', () => {
    const ex = exits(r, 'crash');
    const st = starts(r, 'crash');
    expect(st.length).toBeGreaterThanOrEqual(6);
    // Restart k happens after exit k: the first one on the next PLEG relist, within 2 s.
    expect((st[1] as number) - (ex[0] as number)).toBeLessThan(2 * SECOND);
    const backoffs = [10, 20, 40, 80];
    backoffs.forEach((b, i) => {
      const gap = (st[i + 2] as number) - (ex[i + 1] as number);
      // Not before the back-off; at most one pod-worker requeue (10–15 s) plus a 1 s tick later.
      expect(gap).toBeGreaterThanOrEqual(b * SECOND);
      expect(gap).toBeLessThanOrEqual((b + 16) * SECOND);
    });
  });

  it('shows Error then CrashLoopBackOff in kubectl get pods -w, with RESTARTS counting up', () => {
    const rows = watchRows(r, 'crash');
    const statuses = rows.map(([s]) => s);
    expect(statuses.slice(0, 4)).toEqual(['Pending', 'Pending', 'ContainerCreating', 'Error']);
    expect(statuses).toContain('CrashLoopBackOff');
    expect(statuses.indexOf('CrashLoopBackOff')).toBeGreaterThan(statuses.indexOf('Error'));
    const restarts = rows.map(([, n]) => Number.parseInt(n, 10));
    expect(restarts.every((n, i) => i === 0 || n >= (restarts[i - 1] as number))).toBe(true);
    expect(Math.max(...restarts)).toBeGreaterThanOrEqual(4);
    expect(rows.some(([s, n]) => s === 'CrashLoopBackOff' && /^\d+ \(\d+s ago\)$/.test(n))).toBe(true);
  });

  it('waits with the CrashLoopBackOff reason and the back-off in its message, and keeps the exit in lastState', () => {
    const waiting = podVersions(r, 'crash')
      .map((v) => v.pod.status?.containerStatuses?.[0])
      .filter((cs) => cs?.state.waiting?.reason === 'CrashLoopBackOff');
    expect(waiting[0]?.state.waiting?.message).toBe(`back-off 10s restarting failed container=app pod=crash_default(${uid})`);
    expect(waiting.map((cs) => /back-off (\S+) /.exec(cs?.state.waiting?.message ?? '')?.[1])).toEqual(expect.arrayContaining(['10s', '20s', '40s', '1m20s']));
    expect(waiting[0]?.lastState.terminated).toMatchObject({ exitCode: 1, reason: 'Error' });
    expect(waiting[0]?.restartCount).toBe(1);
    // The pod stays Running: a container restarting under Always counts as running (getPhase).
    const last = podVersions(r, 'crash').at(-1)?.pod as Pod;
    expect(last.status?.phase).toBe('Running');
  });

  it('creates each attempt as a new container with the next attempt number and log file', () => {
    const configs = criCalls(r, 'CreateContainer').map((e) => (e.attrs?.request as { config: { metadata: { attempt: number }; logPath: string } }).config);
    expect(configs.map((c) => c.metadata.attempt)).toEqual(configs.map((_, i) => i));
    expect(configs.map((c) => c.logPath).slice(0, 3)).toEqual(['app/0.log', 'app/1.log', 'app/2.log']);
  });

  it('records BackOff with the real wording, and Created and Started on each attempt', () => {
    const events = podEvents(r, 'crash');
    expect(events.slice(0, 4)).toEqual(['Pulling: Pulling image "busybox:1.36"', expect.stringMatching(/^Pulled: Successfully pulled image "busybox:1\.36" in \d+ms/), 'Created: Created container: app', 'Started: Started container app']);
    expect(events).toContain(`BackOff: Back-off restarting failed container app in pod crash_default(${uid})`);
    expect(events.filter((e) => e === 'Created: Created container: app').length).toBeGreaterThanOrEqual(5);
    expect(events).toContain('Pulled: Container image "busybox:1.36" already present on machine');
  });

  it('stops `until: settled` while the pod backs off: the back-off is a timer, not pending work', () => {
    const afterSettle = output(r, 'kubectl get pods');
    expect(afterSettle).toMatch(/^crash\s+0\/1\s+(CrashLoopBackOff|Error)\s+1 \(\d+s ago\)\s+\d+s$/m);
  });

  it('shows the events in kubectl describe in order, counted as the correlator counts repeats', () => {
    const describe = output(r, 'kubectl describe pod crash');
    const events = describe.slice(describe.indexOf('Events:'));
    const reasons = events
      .split('\n')
      .slice(3)
      .map((l) => l.trim().split(/\s+/)[1])
      .filter(Boolean);
    expect(reasons[0]).toBe('Scheduled');
    expect(reasons.slice(1, 3)).toEqual(['Pulling', 'Pulled']);
    expect(reasons).toContain('BackOff');
    expect(events).toMatch(/Normal {3}Created {4}\S+ \(x\d+ over \S+\)\s+kubelet\s+Created container: app/);
    expect(events).toMatch(/Warning {2}BackOff {4}\S+ \(x\d+ over \S+\)\s+kubelet\s+Back-off restarting failed container app in pod crash_default\(/);
    expect(describe).toMatch(/State: {10}Waiting\n {6}Reason: {7}CrashLoopBackOff|State: {10}Terminated\n {6}Reason: {7}Error/);
    expect(describe).toMatch(/Last State: {5}Terminated\n {6}Reason: {7}Error\n {6}Exit Code: {4}1/);
  });

  it('gives the same trace for the same seed', () => {
    const again = runPods(CRASH, `  - until: settled
  - run: kubectl get pods
  - wait: 3m
  - run: kubectl describe pod crash
`);
    expect(encodeTrace(again.header, again.events)).toBe(encodeTrace(r.header, r.events));
  });
});

describe('restart policies (container/helpers.go ShouldContainerBeRestarted, kubelet_pods.go getPhase)', () => {
  const pods = `apiVersion: v1
kind: Pod
metadata: {name: never}
spec:
  restartPolicy: Never
  containers: [{name: job, image: "busybox:1.36", command: [sh, -c, "sleep 2; exit 3"]}]
---
apiVersion: v1
kind: Pod
metadata: {name: onfailure-ok}
spec:
  restartPolicy: OnFailure
  containers: [{name: job, image: "busybox:1.36", command: [sh, -c, "sleep 2"]}]
---
apiVersion: v1
kind: Pod
metadata: {name: onfailure-bad}
spec:
  restartPolicy: OnFailure
  containers: [{name: job, image: "busybox:1.36", command: [sh, -c, "exit 4"]}]`;
  const r = runPods(pods, `  - wait: 40s
  - run: kubectl get pods
`);
  const final = (name: string): Pod => podVersions(r, name).at(-1)?.pod as Pod;

  it('never restarts under Never: the pod ends Failed with the exit code', () => {
    expect(starts(r, 'never')).toHaveLength(1);
    expect(final('never').status?.phase).toBe('Failed');
    expect(final('never').status?.containerStatuses?.[0]?.state.terminated).toMatchObject({ exitCode: 3, reason: 'Error' });
    expect(output(r, 'kubectl get pods')).toMatch(/^never\s+0\/1\s+Error\s+0\s/m);
  });

  it('does not restart a success under OnFailure: the pod Succeeds, shown Completed', () => {
    expect(starts(r, 'onfailure-ok')).toHaveLength(1);
    expect(final('onfailure-ok').status?.phase).toBe('Succeeded');
    expect(output(r, 'kubectl get pods')).toMatch(/^onfailure-ok\s+0\/1\s+Completed\s+0\s/m);
  });

  it('restarts a failure under OnFailure', () => {
    expect(starts(r, 'onfailure-bad').length).toBeGreaterThanOrEqual(3);
    expect(final('onfailure-bad').status?.phase).toBe('Running');
  });

  it('stops the sandbox of a pod that is done, but keeps the pod', () => {
    const stops = criCalls(r, 'StopPodSandbox').filter((e) => e.ref?.name === 'never');
    expect(stops).toHaveLength(1);
    expect(r.events.some((e) => e.kind === 'message' && e.actor === 'kubelet/node-1' && e.attrs?.method === 'DELETE' && e.ref?.name === 'never')).toBe(false);
  });
});

describe('a command the image does not have (runc standard_init_linux.go LookPath, containerd container_start.go)', () => {
  const r = runPods(`apiVersion: v1
kind: Pod
metadata: {name: typo}
spec:
  containers: [{name: app, image: "busybox:1.36", command: [shell, -c, "true"]}]`, `  - wait: 30s
`);

  it('fails StartContainer with runc\'s error, as RunContainerError, exit code 128 StartError', () => {
    const events = podEvents(r, 'typo');
    expect(events).toContain('Failed: Error: failed to create containerd task: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: error during container init: exec: "shell": executable file not found in $PATH: unknown');
    const statuses = podVersions(r, 'typo').map((v) => v.pod.status?.containerStatuses?.[0]);
    expect(statuses.some((cs) => cs?.state.waiting?.reason === 'RunContainerError')).toBe(true);
    expect(statuses.some((cs) => cs?.lastState.terminated?.reason === 'StartError' && cs.lastState.terminated.exitCode === 128)).toBe(true);
    expect(watchRows(r, 'typo').map(([s]) => s)).toEqual(expect.arrayContaining(['RunContainerError', 'CrashLoopBackOff']));
  });
});
