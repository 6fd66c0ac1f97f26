import { describe, expect, it } from 'vitest';
import type { Container } from '../k8s/objects.ts';
import { afterProbe, beforeProbe, execProbeOutput, httpProbeOutput, newWorkerState, probeOf, probeUrl, resolvePort, tcpProbeOutput, type ContainerView } from './probe.ts';

const S = 1_000_000;
const POD = { phaseTerminal: false, deleting: false, restartPolicy: 'Always' };
const running = (id: string, runningFor: number, started = true): ContainerView => ({ containerId: id, running: true, terminated: false, runningFor, started });

describe('probe workers (pkg/kubelet/prober/worker.go doProbe, prober.go, pkg/probe/{http,tcp,exec})', () => {
  const container: Container = { name: 'web', image: 'nginx:1.27', ports: [{ name: 'http', containerPort: 80 }], livenessProbe: { httpGet: { path: '/healthz', port: 'http' } } };

  it('defaults the probe fields as SetDefaults_Probe does', () => {
    expect(probeOf(container, 'liveness')).toMatchObject({ initialDelaySeconds: 0, timeoutSeconds: 1, periodSeconds: 10, successThreshold: 1, failureThreshold: 3 });
    expect(probeOf(container, 'readiness')).toBeUndefined();
    expect(resolvePort('http', container)).toBe(80);
    expect(resolvePort('metrics', container)).toEqual({ error: "couldn't find port: metrics in web" });
  });

  it('counts failures up to failureThreshold, then holds until a new container', () => {
    const spec = probeOf(container, 'liveness')!;
    const st = newWorkerState();
    expect(beforeProbe('liveness', spec, st, running('containerd://a', 1 * S), POD)).toEqual({ probe: true });
    expect(st.result).toBe('Success');
    expect(afterProbe('liveness', spec, st, 'Failure')).toBeUndefined();
    expect(afterProbe('liveness', spec, st, 'Failure')).toBeUndefined();
    expect(afterProbe('liveness', spec, st, 'Failure')).toBe('Failure');
    expect(beforeProbe('liveness', spec, st, running('containerd://a', 40 * S), POD)).toEqual({ probe: false, keepGoing: true });
    // The restarted container has a new id: probing resumes from the initial Success.
    expect(beforeProbe('liveness', spec, st, running('containerd://b', 1 * S), POD)).toEqual({ probe: true });
    expect(st.result).toBe('Success');
  });

  it('waits initialDelaySeconds, and for the startup probe before the others', () => {
    const spec = { ...probeOf(container, 'liveness')!, initialDelaySeconds: 15 };
    const st = newWorkerState();
    expect(beforeProbe('liveness', spec, st, running('containerd://a', 14_900_000), POD)).toEqual({ probe: false, keepGoing: true });
    expect(beforeProbe('liveness', spec, st, running('containerd://a', 15 * S), POD)).toEqual({ probe: true });
    expect(beforeProbe('readiness', spec, newWorkerState(), running('containerd://a', 20 * S, false), POD)).toEqual({ probe: false, keepGoing: true });
    expect(beforeProbe('startup', spec, newWorkerState(), running('containerd://a', 20 * S, true), POD)).toEqual({ probe: false, keepGoing: true });
  });

  it('marks readiness failed while the container is not running, and stops for a terminal pod', () => {
    const spec = probeOf({ ...container, readinessProbe: { tcpSocket: { port: 80 } } }, 'readiness')!;
    const st = newWorkerState();
    beforeProbe('readiness', spec, st, { containerId: 'containerd://a', running: false, terminated: true, runningFor: 0, started: false }, POD);
    expect(st.result).toBe('Failure');
    expect(beforeProbe('readiness', spec, st, running('containerd://a', S), { ...POD, phaseTerminal: true })).toEqual({ probe: false, keepGoing: false });
  });

  it('needs successThreshold successes in a row to turn ready', () => {
    const spec = { ...probeOf({ ...container, readinessProbe: { tcpSocket: { port: 80 } } }, 'readiness')!, successThreshold: 2 };
    const st = newWorkerState();
    beforeProbe('readiness', spec, st, running('containerd://a', S), POD);
    expect(afterProbe('readiness', spec, st, 'Success')).toBeUndefined();
    expect(afterProbe('readiness', spec, st, 'Success')).toBe('Success');
  });

  it('prints the probers\' outputs as the kubelet does', () => {
    const url = probeUrl({ path: '/healthz', port: 8080 }, '10.244.1.3', 8080);
    expect(url).toBe('http://10.244.1.3:8080/healthz');
    expect(httpProbeOutput(url, '10.244.1.3:8080', { refused: true }).output).toBe('Get "http://10.244.1.3:8080/healthz": dial tcp 10.244.1.3:8080: connect: connection refused');
    expect(httpProbeOutput(url, '10.244.1.3:8080', { status: 404 })).toEqual({ result: 'Failure', output: 'HTTP probe failed with statuscode: 404' });
    expect(httpProbeOutput(url, '10.244.1.3:8080', { status: 301 }).result).toBe('Success');
    expect(tcpProbeOutput('10.244.1.3:3306', false).output).toBe('dial tcp 10.244.1.3:3306: connect: connection refused');
    expect(execProbeOutput({ exitCode: 1, stdout: '', stderr: "cat: can't open '/tmp/healthy': No such file or directory\n" }).output).toBe("cat: can't open '/tmp/healthy': No such file or directory\n");
  });
});
