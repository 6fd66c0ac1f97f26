import { describe, expect, it } from 'vitest';
import {
  backOffPullingImage,
  backOffRestartingContainer,
  containerError,
  containerFieldPath,
  crashLoopBackOffMessage,
  createdContainer,
  EventComponent,
  eventName,
  eventNameAt,
  failedCreate,
  failedScheduling,
  failedToPullImage,
  goDuration,
  httpProbeStatusFailure,
  imageAlreadyPresent,
  imageNeverPull,
  imageNotFoundError,
  imagePullBackOffMessage,
  probeErrored,
  killingContainer,
  nodeStatusIsNow,
  probeFailed,
  pulledImage,
  pullingImage,
  registeredNode,
  scalingReplicaSet,
  scheduled,
  startedContainer,
  startingKubelet,
  successfulCreate,
  successfulDelete,
  taintManagerEviction,
} from './messages.ts';

const pod = { name: 'web-7d4b9c-x2k4q', namespace: 'default', uid: '0f8c2d3e-1111-4a2b-9c3d-5e6f7a8b9c0d' };

describe('scheduler events', () => {
  it('Scheduled', () => {
    expect(scheduled('default', 'web-1', 'node-1')).toEqual({
      type: 'Normal',
      reason: 'Scheduled',
      message: 'Successfully assigned default/web-1 to node-1',
      component: 'default-scheduler',
      action: 'Binding',
    });
  });

  it('FailedScheduling carries the scheduler kernel\'s FitError message', () => {
    expect(failedScheduling('0/2 nodes are available: 2 Insufficient cpu.')).toMatchObject({ type: 'Warning', reason: 'FailedScheduling', component: 'default-scheduler' });
  });
});

describe('kubelet image events', () => {
  it('Pulling and Pulled, with Go durations truncated to ms', () => {
    expect(pullingImage('nginx:1.27')).toEqual({ type: 'Normal', reason: 'Pulling', message: 'Pulling image "nginx:1.27"', component: 'kubelet' });
    expect(pulledImage('nginx:1.27', 1_403_512, 1_403_999, 72_099_501).message).toBe(
      'Successfully pulled image "nginx:1.27" in 1.403s (1.403s including waiting). Image size: 72099501 bytes.',
    );
    expect(pulledImage('nginx:1.27', 853_999, 2_100_000, 72_099_501).message).toBe(
      'Successfully pulled image "nginx:1.27" in 853ms (2.1s including waiting). Image size: 72099501 bytes.',
    );
    expect(pulledImage('postgres:16', 62_500_000, 75_000_000, 1).message).toBe(
      'Successfully pulled image "postgres:16" in 1m2.5s (1m15s including waiting). Image size: 1 bytes.',
    );
    expect(pulledImage('x', 1_400_000, 1_400_000, 5)).toMatchObject({ reason: 'Pulled', type: 'Normal', component: 'kubelet' });
  });

  it('already present', () => {
    expect(imageAlreadyPresent('nginx:1.27').message).toBe('Container image "nginx:1.27" already present on machine');
    expect(imageAlreadyPresent('nginx:1.27', { ensureSecretPulledImages: true }).message).toBe(
      'Container image "nginx:1.27" already present on machine and can be accessed by the pod',
    );
    expect(imageAlreadyPresent('nginx:1.27').reason).toBe('Pulled');
  });

  it('pull failures and back-off', () => {
    const err = imageNotFoundError('docker.io/library/nginx:1.99');
    expect(err).toBe(
      'rpc error: code = NotFound desc = failed to pull and unpack image "docker.io/library/nginx:1.99": failed to resolve reference "docker.io/library/nginx:1.99": docker.io/library/nginx:1.99: not found',
    );
    expect(failedToPullImage('nginx:1.99', err)).toMatchObject({ type: 'Warning', reason: 'Failed', message: `Failed to pull image "nginx:1.99": ${err}` });
    expect(containerError('ErrImagePull')).toEqual({ type: 'Warning', reason: 'Failed', message: 'Error: ErrImagePull', component: 'kubelet' });
    expect(containerError('ImagePullBackOff').message).toBe('Error: ImagePullBackOff');
    expect(backOffPullingImage('nginx:1.99')).toEqual({ type: 'Normal', reason: 'BackOff', message: 'Back-off pulling image "nginx:1.99"', component: 'kubelet' });
    // The waiting message carries the last pull error (image_manager.go, kubernetes#127918).
    expect(imagePullBackOffMessage('nginx:1.99', err)).toBe(`Back-off pulling image "nginx:1.99": ErrImagePull: ${err}`);
    expect(imagePullBackOffMessage('nginx:1.99')).toBe('Back-off pulling image "nginx:1.99"');
    expect(imageNeverPull('app:dev')).toMatchObject({
      type: 'Warning',
      reason: 'ErrImageNeverPull',
      message: 'Container image "app:dev" is not present with pull policy of Never',
    });
  });
});

describe('kubelet container events', () => {
  it('Created and Started, by release', () => {
    expect(createdContainer('web')).toEqual({ type: 'Normal', reason: 'Created', message: 'Created container: web', component: 'kubelet' });
    expect(startedContainer('web')).toEqual({ type: 'Normal', reason: 'Started', message: 'Started container web', component: 'kubelet' });
    expect(createdContainer('web', { minor: 35 }).message).toBe('Container created');
    expect(startedContainer('web', { minor: 35 }).message).toBe('Container started');
    expect(createdContainer('web', { minor: 31 }).message).toBe('Created container web');
  });

  it('Killing', () => {
    expect(killingContainer('web')).toEqual({ type: 'Normal', reason: 'Killing', message: 'Stopping container web', component: 'kubelet' });
    expect(killingContainer('web', 'liveness').message).toBe('Container web failed liveness probe, will be restarted');
    expect(killingContainer('web', 'startup').message).toBe('Container web failed startup probe, will be restarted');
  });

  it('BackOff while crash looping, and the waiting message', () => {
    expect(backOffRestartingContainer('web', pod)).toEqual({
      type: 'Warning',
      reason: 'BackOff',
      message: 'Back-off restarting failed container web in pod web-7d4b9c-x2k4q_default(0f8c2d3e-1111-4a2b-9c3d-5e6f7a8b9c0d)',
      component: 'kubelet',
    });
    expect(crashLoopBackOffMessage(20_000_000, 'web', pod)).toBe(
      'back-off 20s restarting failed container=web pod=web-7d4b9c-x2k4q_default(0f8c2d3e-1111-4a2b-9c3d-5e6f7a8b9c0d)',
    );
    expect(crashLoopBackOffMessage(300_000_000, 'web', pod)).toMatch(/^back-off 5m0s restarting/);
    expect(crashLoopBackOffMessage(80_000_000, 'web', pod)).toMatch(/^back-off 1m20s restarting/);
  });

  it('Unhealthy', () => {
    expect(probeFailed('Liveness', httpProbeStatusFailure(500))).toEqual({
      type: 'Warning',
      reason: 'Unhealthy',
      message: 'Liveness probe failed: HTTP probe failed with statuscode: 500',
      component: 'kubelet',
    });
  });

  it('names container field paths', () => {
    expect(containerFieldPath('web')).toBe('spec.containers{web}');
    expect(containerFieldPath('init', 'initContainers')).toBe('spec.initContainers{init}');
  });
});

describe('node events', () => {
  it('uses the kubelet and node-controller wording', () => {
    expect(startingKubelet().message).toBe('Starting kubelet.');
    expect(nodeStatusIsNow('node-1', 'NodeHasSufficientMemory')).toMatchObject({
      reason: 'NodeHasSufficientMemory',
      message: 'Node node-1 status is now: NodeHasSufficientMemory',
    });
    expect(nodeStatusIsNow('node-1', 'NodeReady').message).toBe('Node node-1 status is now: NodeReady');
    expect(registeredNode('node-1')).toMatchObject({ message: 'Node node-1 event: Registered Node node-1 in Controller', component: 'node-controller' });
    expect(taintManagerEviction('default', 'web-1').message).toBe('Marking for deletion Pod default/web-1');
  });
});

describe('controller events', () => {
  it('ReplicaSet pod creation and deletion', () => {
    expect(successfulCreate('web-7d4b9c-x2k4q')).toEqual({
      type: 'Normal',
      reason: 'SuccessfulCreate',
      message: 'Created pod: web-7d4b9c-x2k4q',
      component: 'replicaset-controller',
    });
    expect(successfulDelete('web-7d4b9c-x2k4q').message).toBe('Deleted pod: web-7d4b9c-x2k4q');
    expect(failedCreate('pods "web-1" is forbidden: exceeded quota').message).toBe('Error creating: pods "web-1" is forbidden: exceeded quota');
  });

  it('ScalingReplicaSet up and down', () => {
    expect(scalingReplicaSet('web-7d4b9c', 0, 3)).toEqual({
      type: 'Normal',
      reason: 'ScalingReplicaSet',
      message: 'Scaled up replica set web-7d4b9c from 0 to 3',
      component: EventComponent.deploymentController,
    });
    expect(scalingReplicaSet('web-5f8d', 3, 2).message).toBe('Scaled down replica set web-5f8d from 3 to 2');
  });
});

describe('probe events (pkg/kubelet/prober/prober.go)', () => {
  it('says a prober error resulted in an unknown state', () => {
    expect(probeErrored('Liveness', 'rpc error: code = Unknown desc = x').message).toBe('Liveness probe errored and resulted in unknown state: rpc error: code = Unknown desc = x');
  });
});

describe('event names and durations', () => {
  it('names events <object>.<UnixNano hex>', () => {
    expect(eventName('web-1', 1_717_243_200_000_000_000n)).toBe('web-1.17d4df9790f48000');
    expect(eventNameAt('web-1', '2024-06-01T12:00:00Z', 0)).toBe('web-1.17d4df9790f48000');
    expect(eventNameAt('web-1', '2024-06-01T12:00:00Z', 1)).toBe(`web-1.${(1_717_243_200_000_000_000n + 1000n).toString(16)}`);
  });

  it('re-exports goDuration', () => {
    expect(goDuration(1_403_000)).toBe('1.403s');
  });
});
