import { describe, expect, it } from 'vitest';
import type { PodSpec } from '../k8s/objects.ts';
import { applyPodSpecDefaults, applyPodTemplateSpecDefaults, defaultImagePullPolicy, withDefaultTolerations } from './defaults.ts';

const spec = (): PodSpec => ({ containers: [{ name: 'web', image: 'nginx:1.27', ports: [{ containerPort: 80 }] }] });

describe('applyPodSpecDefaults (a Pod after defaulting and admission)', () => {
  it('fills in what the apiserver adds to a pod', () => {
    expect(applyPodSpecDefaults(spec())).toEqual({
      containers: [
        {
          name: 'web',
          image: 'nginx:1.27',
          imagePullPolicy: 'IfNotPresent',
          ports: [{ containerPort: 80, protocol: 'TCP' }],
          resources: {},
          terminationMessagePath: '/dev/termination-log',
          terminationMessagePolicy: 'File',
        },
      ],
      dnsPolicy: 'ClusterFirst',
      enableServiceLinks: true,
      preemptionPolicy: 'PreemptLowerPriority',
      priority: 0,
      restartPolicy: 'Always',
      schedulerName: 'default-scheduler',
      securityContext: {},
      serviceAccount: 'default',
      serviceAccountName: 'default',
      terminationGracePeriodSeconds: 30,
      tolerations: [
        { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
        { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
      ],
    });
  });

  it('keeps values that are already set and does not touch its input', () => {
    const input: PodSpec = { ...spec(), restartPolicy: 'Never', terminationGracePeriodSeconds: 5, priority: 1000, priorityClassName: 'high' };
    const copy = structuredClone(input);
    const out = applyPodSpecDefaults(input);
    expect(out.restartPolicy).toBe('Never');
    expect(out.terminationGracePeriodSeconds).toBe(5);
    expect(out.priority).toBe(1000);
    expect(input).toEqual(copy);
  });

  it('copies limits into missing requests, for pods only', () => {
    const input: PodSpec = {
      containers: [{ name: 'app', image: 'app:1', resources: { limits: { cpu: '500m', memory: '128Mi' }, requests: { cpu: '100m' } } }],
    };
    expect(applyPodSpecDefaults(input).containers[0]?.resources).toEqual({ limits: { cpu: '500m', memory: '128Mi' }, requests: { cpu: '100m', memory: '128Mi' } });
    expect(applyPodTemplateSpecDefaults(input).containers[0]?.resources).toEqual({ limits: { cpu: '500m', memory: '128Mi' }, requests: { cpu: '100m' } });
  });

  it('can leave out the admission plugins', () => {
    const out = applyPodSpecDefaults(spec(), { admission: false });
    expect(out.tolerations).toBeUndefined();
    expect(out.priority).toBeUndefined();
    expect(out.enableServiceLinks).toBe(true);
  });

  it('defaults init containers and probes too', () => {
    const out = applyPodSpecDefaults({
      initContainers: [{ name: 'init', image: 'busybox' }],
      containers: [{ name: 'web', image: 'nginx', livenessProbe: { httpGet: { port: 80 } } }],
    });
    expect(out.initContainers?.[0]).toMatchObject({ imagePullPolicy: 'Always', terminationMessagePolicy: 'File' });
    expect(out.containers[0]?.livenessProbe).toEqual({
      httpGet: { port: 80, path: '/', scheme: 'HTTP' },
      timeoutSeconds: 1,
      periodSeconds: 10,
      successThreshold: 1,
      failureThreshold: 3,
    });
  });
});

describe('applyPodTemplateSpecDefaults (templates)', () => {
  it('adds only SetDefaults_PodSpec, never admission or pod-only fields', () => {
    expect(applyPodTemplateSpecDefaults(spec())).toEqual({
      containers: [
        {
          name: 'web',
          image: 'nginx:1.27',
          imagePullPolicy: 'IfNotPresent',
          ports: [{ containerPort: 80, protocol: 'TCP' }],
          resources: {},
          terminationMessagePath: '/dev/termination-log',
          terminationMessagePolicy: 'File',
        },
      ],
      dnsPolicy: 'ClusterFirst',
      restartPolicy: 'Always',
      schedulerName: 'default-scheduler',
      securityContext: {},
      terminationGracePeriodSeconds: 30,
    });
  });

  it('is idempotent', () => {
    const once = applyPodTemplateSpecDefaults(spec());
    expect(applyPodTemplateSpecDefaults(once)).toEqual(once);
    const pod = applyPodSpecDefaults(spec());
    expect(applyPodSpecDefaults(pod)).toEqual(pod);
  });
});

describe('defaultImagePullPolicy', () => {
  it.each([
    ['nginx', 'Always'],
    ['nginx:latest', 'Always'],
    ['registry.k8s.io/pause:3.10', 'IfNotPresent'],
    ['nginx:1.27', 'IfNotPresent'],
    ['nginx@sha256:0d17b565c37bcbd895e9d92315a05c1c3c9a29f762b011a10c54a66cd53c9b31', 'IfNotPresent'],
    ['localhost:5000/app', 'Always'],
    ['Bad Image', 'IfNotPresent'],
  ])('%s → %s', (image, policy) => {
    expect(defaultImagePullPolicy(image)).toBe(policy);
  });
});

describe('withDefaultTolerations', () => {
  it('adds nothing when an empty-key toleration already tolerates everything', () => {
    expect(withDefaultTolerations([{ operator: 'Exists' }])).toEqual([{ operator: 'Exists' }]);
  });

  it('adds only the missing one', () => {
    const own = { key: 'node.kubernetes.io/not-ready', operator: 'Exists' as const, effect: 'NoExecute' as const, tolerationSeconds: 60 };
    expect(withDefaultTolerations([own])).toEqual([
      own,
      { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
    ]);
  });

  it('does not count a NoSchedule toleration', () => {
    expect(withDefaultTolerations([{ key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoSchedule' }])).toHaveLength(3);
  });
});
