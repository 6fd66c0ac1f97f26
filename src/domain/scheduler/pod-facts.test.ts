import { describe, expect, it } from 'vitest';
import { makePod } from './internal/fixtures.ts';
import { computePodFacts, DEFAULT_MEMORY_REQUEST, DEFAULT_MILLI_CPU_REQUEST, nonZeroPodRequests, normalizedImageName, podHostPorts, podRequests } from './pod-facts.ts';

const G = 1_000_000_000;

describe('podRequests (resource.PodRequests)', () => {
  it('takes the max of the app-container sum and each init container (the fit.go doc example)', () => {
    const pod = makePod('p', {
      initContainers: [
        { name: 'ic1', image: 'x', resources: { requests: { cpu: '2', memory: '1G' } } },
        { name: 'ic2', image: 'x', resources: { requests: { cpu: '2', memory: '3G' } } },
      ],
      containers: [
        { name: 'c1', image: 'x', resources: { requests: { cpu: '2', memory: '1G' } } },
        { name: 'c2', image: 'x', resources: { requests: { cpu: '1', memory: '1G' } } },
      ],
    });
    const r = podRequests(pod);
    expect(r.get('cpu')).toBe(3000);
    expect(r.get('memory')).toBe(3 * G);
  });

  it('adds sidecars to the sum and to every later init container', () => {
    const pod = makePod('p', {
      initContainers: [
        { name: 'sidecar', image: 'x', restartPolicy: 'Always', resources: { requests: { cpu: '500m' } } },
        { name: 'migrate', image: 'x', resources: { requests: { cpu: '2' } } },
      ],
      containers: [{ name: 'app', image: 'x', resources: { requests: { cpu: '1' } } }],
    });
    // app + sidecar = 1.5; migrate while the sidecar runs = 2.5
    expect(podRequests(pod).get('cpu')).toBe(2500);
  });

  it('defaults a missing request to the limit, adds overhead, honours pod-level requests', () => {
    const limited = makePod('p', { containers: [{ name: 'c', image: 'x', resources: { limits: { cpu: '1', memory: '1Gi' } } }] });
    expect(podRequests(limited).get('cpu')).toBe(1000);
    const withOverhead = makePod('p', { cpu: '1', spec: { overhead: { cpu: '250m' } } });
    expect(podRequests(withOverhead).get('cpu')).toBe(1250);
    const podLevel = makePod('p', { cpu: '1', memory: '1Gi', spec: { resources: { requests: { cpu: '3' } } } });
    expect(podRequests(podLevel).get('cpu')).toBe(3000);
    expect(podRequests(podLevel).get('memory')).toBe(1024 ** 3);
  });
});

describe('non-zero requests', () => {
  it('counts 100m / 200Mi per container that requests nothing', () => {
    const pod = makePod('p', { containers: [{ name: 'a', image: 'x' }, { name: 'b', image: 'x', resources: { requests: { cpu: '1' } } }] });
    expect(nonZeroPodRequests(pod)).toEqual({ milliCPU: 1000 + DEFAULT_MILLI_CPU_REQUEST, memory: 2 * DEFAULT_MEMORY_REQUEST });
    const f = computePodFacts(pod);
    expect(f.requests.milliCPU).toBe(1000);
    expect(f.requests.memory).toBe(0);
    expect(f.nonZeroMilliCPU).toBe(1100);
    expect(f.nonZeroMemory).toBe(2 * 200 * 1024 * 1024);
  });

  it('keeps an explicit zero request', () => {
    const pod = makePod('p', { cpu: '0', memory: '0' });
    expect(nonZeroPodRequests(pod)).toEqual({ milliCPU: 0, memory: 0 });
  });
});

describe('host ports', () => {
  it('sanitizes IP and protocol and skips ports without hostPort', () => {
    const pod = makePod('p', { ports: [{ containerPort: 80, hostPort: 8080 }, { containerPort: 53, hostPort: 53, protocol: 'UDP', hostIP: '10.0.0.1' }, { containerPort: 9090 }] });
    expect(podHostPorts(pod)).toEqual([
      { hostIP: '0.0.0.0', protocol: 'TCP', hostPort: 8080 },
      { hostIP: '10.0.0.1', protocol: 'UDP', hostPort: 53 },
    ]);
  });

  it('counts sidecar init containers but not regular ones; hostNetwork defaults hostPort', () => {
    const pod = makePod('p', {
      spec: { hostNetwork: true },
      containers: [{ name: 'app', image: 'x', ports: [{ containerPort: 80 }] }],
      initContainers: [
        { name: 'init', image: 'x', ports: [{ containerPort: 81, hostPort: 81 }] },
        { name: 'proxy', image: 'x', restartPolicy: 'Always', ports: [{ containerPort: 15001, hostPort: 15001 }] },
      ],
    });
    expect(podHostPorts(pod).map((p) => p.hostPort)).toEqual([80, 15001]);
  });
});

describe('other facts', () => {
  it('normalizes image names as ImageLocality does', () => {
    expect(normalizedImageName('nginx')).toBe('nginx:latest');
    expect(normalizedImageName('nginx:1.27')).toBe('nginx:1.27');
    expect(normalizedImageName('localhost:5000/app')).toBe('localhost:5000/app:latest');
  });

  it('reads priority, start time, termination and key', () => {
    const f = computePodFacts(makePod('p', { priority: 7, startTime: '2024-01-01T00:00:00Z', deletionTimestamp: '2024-01-01T00:01:00Z', uid: 'u1' }));
    expect(f.priority).toBe(7);
    expect(f.startTime).toBe(Date.parse('2024-01-01T00:00:00Z'));
    expect(f.terminating).toBe(true);
    expect(f.key).toBe('u1');
    const g = computePodFacts(makePod('q'));
    expect(g.priority).toBe(0);
    expect(g.startTime).toBe(Number.POSITIVE_INFINITY);
  });
});
