import { describe, expect, it } from 'vitest';
import type { Pod } from '../../../domain/k8s/objects.ts';
import { criCalls, podEvents, podVersions, runPods, SECOND, starts, watchRows } from './test-scenarios.ts';

/**
 * Probes through the whole cluster, against pkg/kubelet/prober (worker.go doProbe: thresholds,
 * initialDelaySeconds, the hold after a liveness failure; prober.go: the Unhealthy events;
 * prober_manager.go UpdatePodStatus: ready and started), pkg/probe/{http,tcp,exec},
 * kuberuntime_manager.go computePodActions (a liveness failure kills and restarts) and
 * status/generate.go (ContainersReady, Ready).
 */

const PODS = `apiVersion: v1
kind: Pod
metadata: {name: liveness-exec}
spec:
  containers:
    - name: liveness
      image: busybox:1.36
      args: [/bin/sh, -c, "touch /tmp/healthy; sleep 30; rm -f /tmp/healthy; sleep 600"]
      livenessProbe:
        exec: {command: [cat, /tmp/healthy]}
        initialDelaySeconds: 5
        periodSeconds: 5
---
apiVersion: v1
kind: Pod
metadata: {name: web}
spec:
  containers:
    - name: nginx
      image: nginx:1.27
      readinessProbe:
        httpGet: {path: /, port: 80}
    - name: sidecar
      image: nginx:1.27
      command: [sh, -c, "sleep 3600"]
      readinessProbe:
        tcpSocket: {port: 8080}
        periodSeconds: 5
---
apiVersion: v1
kind: Pod
metadata: {name: healthz}
spec:
  containers:
    - name: nginx
      image: nginx:1.27
      livenessProbe:
        httpGet: {path: /healthz, port: 80}
        periodSeconds: 5
        failureThreshold: 2`;

describe('probes', () => {
  const r = runPods(PODS, `  - until: settled
  - wait: 100s
`);
  const last = (name: string): Pod => podVersions(r, name).at(-1)?.pod as Pod;

  it('fails the exec liveness probe once the file is gone, three times, then kills and restarts the container', () => {
    const events = podEvents(r, 'liveness-exec');
    const unhealthy = events.filter((e) => e.startsWith('Unhealthy: '));
    expect(unhealthy[0]).toBe("Unhealthy: Liveness probe failed: cat: can't open '/tmp/healthy': No such file or directory\n");
    const killing = events.indexOf('Killing: Container liveness failed liveness probe, will be restarted');
    expect(killing).toBeGreaterThan(0);
    expect(events.slice(0, killing).filter((e) => e.startsWith('Unhealthy: '))).toHaveLength(3);
    const st = starts(r, 'liveness-exec');
    expect(st).toHaveLength(2);
    const stop = criCalls(r, 'StopContainer').find((e) => e.ref?.name === 'liveness-exec');
    expect((stop?.attrs?.request as { timeout?: number }).timeout).toBe(30);
    // The shell is PID 1 and ignores SIGTERM: SIGKILL after the 30 s grace period, then the restart.
    expect((st[1] as number) - (stop?.t as number)).toBeGreaterThanOrEqual(30 * SECOND);
    expect(last('liveness-exec').status?.containerStatuses?.[0]?.lastState.terminated).toMatchObject({ exitCode: 137, reason: 'Error' });
    expect(watchRows(r, 'liveness-exec').at(-1)).toEqual(['Running', expect.stringMatching(/^1 \(\d+s ago\)$/)]);
  });

  it('runs each exec probe through the CRI (ExecSync)', () => {
    const exec = criCalls(r, 'ExecSync')[0];
    expect(exec?.attrs?.request).toMatchObject({ cmd: ['cat', '/tmp/healthy'], timeout: 1 });
  });

  it('makes a container ready when its readiness probe passes, and keeps one unready whose port nobody listens on', () => {
    const web = last('web');
    const [nginx, sidecar] = web.status?.containerStatuses ?? [];
    expect(nginx).toMatchObject({ name: 'nginx', ready: true, started: true });
    expect(sidecar).toMatchObject({ name: 'sidecar', ready: false, started: true });
    expect(web.status?.conditions?.find((c) => c.type === 'ContainersReady')).toMatchObject({ status: 'False', reason: 'ContainersNotReady', message: 'containers with unready status: [sidecar]' });
    expect(web.status?.conditions?.find((c) => c.type === 'Ready')).toMatchObject({ status: 'False', reason: 'ContainersNotReady' });
    const ip = web.status?.podIP ?? '';
    expect(podEvents(r, 'web')).toContain(`Unhealthy: Readiness probe failed: dial tcp ${ip}:8080: connect: connection refused`);
    expect(watchRows(r, 'web').map(([s]) => s)).not.toContain('CrashLoopBackOff');
  });

  it('is not ready before its readiness probe passed (the initial result is Failure)', () => {
    const runningUnready = podVersions(r, 'web').find((v) => v.pod.status?.containerStatuses?.[0]?.state.running && !v.pod.status.containerStatuses[0].ready);
    expect(runningUnready).toBeDefined();
  });

  it('restarts a container whose liveness probe gets a 404, with the HTTP prober\'s message', () => {
    const events = podEvents(r, 'healthz');
    expect(events).toContain('Unhealthy: Liveness probe failed: HTTP probe failed with statuscode: 404');
    expect(events).toContain('Killing: Container nginx failed liveness probe, will be restarted');
    // nginx handles SIGQUIT (its STOPSIGNAL): it stops at once and starts again.
    expect(starts(r, 'healthz').length).toBeGreaterThanOrEqual(2);
    expect(last('healthz').status?.containerStatuses?.[0]?.restartCount).toBeGreaterThanOrEqual(1);
  });
});
