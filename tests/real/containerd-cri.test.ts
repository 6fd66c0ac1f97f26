import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { compareWithReal } from './support/cri/compare.ts';
import { POD_CIDR } from './support/cri/constants.ts';
import { startContainerd } from './support/cri/containerd-host.ts';
import { CONTAINERD_FIXTURES, readContainerdFixtures, recordingFixtures, writeContainerdFixtures, type EventsFixture, type SequenceFixture } from './support/cri/fixtures.ts';
import { hostCgroupFacts } from './support/cri/host-cgroups.ts';
import { againstKnownGaps, gapReport } from './support/cri/known-gaps.ts';
import { runModel } from './support/cri/model-side.ts';
import { normalizeRecording } from './support/cri/normalize.ts';
import { hostHugePageSizes, RealTransport } from './support/cri/real-side.ts';
import { runScript, type RecordedStep } from './support/cri/sequence.ts';

/**
 * Differential test of the simulator's containerd against Debian's containerd 1.6.20 and its CRI
 * plugin (runc 1.1.5, the CNI bridge/host-local/loopback plugins): a private containerd (own
 * root, state and sockets under a temp dir, its own network namespace) is driven over gRPC
 * through the kubelet's CRI sequence for one pod (support/cri/sequence.ts), every call and
 * every `ctr events` event recorded; the recording, normalized, must be what the committed
 * fixture holds (tests/real/fixtures/containerd/, written anew with KA_RECORD_FIXTURES=1), and
 * the model, sent the same requests, must answer and publish the same, but for the gaps
 * support/cri/known-gaps.ts lists. See support/cri/README.md.
 */

const ARTIFACTS = new URL('./artifacts/containerd/', import.meta.url).pathname;

let steps: RecordedStep[] = [];
let sequence: SequenceFixture;
let events: EventsFixture;

beforeAll(async () => {
  const started = Date.now();
  const host = await startContainerd();
  const hugePageSizes = hostHugePageSizes();
  try {
    steps = await runScript(new RealTransport(host), { cgroupVersion: host.cgroupVersion, hugePageSizes });
  } finally {
    mkdirSync(ARTIFACTS, { recursive: true });
    writeFileSync(join(ARTIFACTS, 'containerd.log'), host.containerdProc.stderr);
    writeFileSync(join(ARTIFACTS, 'ctr-events.txt'), host.events.stdout);
    writeFileSync(join(ARTIFACTS, 'registry.log'), host.registry.stdout);
    writeFileSync(join(ARTIFACTS, 'cri-calls.json'), JSON.stringify(steps, null, 1));
    await host.stop();
  }
  const recorded = normalizeRecording(steps, host.work);
  sequence = {
    about: 'The kubelet CRI sequence of tests/real/support/cri/sequence.ts on Debian\'s containerd (CRI plugin), normalized (support/cri/normalize.ts). Recorded by tests/real/containerd-cri.test.ts.',
    containerd: host.versions.containerd,
    runc: host.versions.runc,
    cgroupVersion: host.cgroupVersion,
    hugePageSizes,
    hostCgroups: hostCgroupFacts(),
    podCIDR: POD_CIDR,
    steps: recorded.steps,
  };
  events = { about: 'The containerd events (ctr events, namespace k8s.io) of each step of cri-sequence.json, reduced to topic, object and exit status.', events: recorded.events };
  writeContainerdFixtures(recordingFixtures() ? CONTAINERD_FIXTURES : ARTIFACTS, sequence, events);
  console.log(`containerd CRI differential: ${steps.length} calls, ${recorded.events.length} events in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}, 90_000);

const stepOf = (label: string): RecordedStep => {
  const s = steps.find((x) => x.label === label);
  if (!s) throw new Error(`no step ${label}`);
  return s;
};
const response = (label: string): Record<string, unknown> => {
  const o = stepOf(label).outcome;
  if (!('response' in o)) throw new Error(`${label} failed: ${o.error.code} ${o.error.message}`);
  return o.response;
};

describe('a private containerd 1.6 driven through its CRI plugin like the kubelet', () => {
  it('answers the sequence as the CRI says: image null until pulled, a ready sandbox with a pod IP, exit 1 Error, SIGTERM exit 0 Completed, idempotent stops and removes', () => {
    const failed = steps.filter((s) => 'error' in s.outcome).map((s) => [s.label, 'error' in s.outcome ? s.outcome.error.code : '']);
    expect(failed).toEqual([
      ['GetContainerEvents', 'Unimplemented'],
      ['ContainerStatus app (removed)', 'NotFound'],
    ]);
    expect(response('ImageStatus busybox (missing)').image).toBeNull();
    expect(response('PodSandboxStatus web (ready)')).toMatchObject({ status: { state: 'SANDBOX_READY', network: { ip: '10.88.0.2' } } });
    expect(response('ContainerStatus app (created)')).toMatchObject({ status: { state: 'CONTAINER_CREATED', startedAt: '0' } });
    expect(response('ContainerStatus app (running)')).toMatchObject({ status: { state: 'CONTAINER_RUNNING', finishedAt: '0' } });
    expect(response('ContainerStatus fail (exited 1)')).toMatchObject({ status: { state: 'CONTAINER_EXITED', exitCode: 1, reason: 'Error' } });
    expect(response('ContainerStatus app (exited 0)')).toMatchObject({ status: { state: 'CONTAINER_EXITED', exitCode: 0, reason: 'Completed' } });
    expect(response('PodSandboxStatus web (not ready)')).toMatchObject({ status: { state: 'SANDBOX_NOTREADY' } });
    expect(response('ListPodSandbox (empty)')).toEqual({ items: [] });
    expect(response('ListContainers (empty)')).toEqual({ containers: [] });
  });

  it('is what the committed fixture recorded (else containerd, the host or the harness drifted)', () => {
    const committed = readContainerdFixtures();
    expect({ containerd: sequence.containerd, runc: sequence.runc, cgroupVersion: sequence.cgroupVersion, hostCgroups: sequence.hostCgroups }, 're-record with KA_RECORD_FIXTURES=1 after checking the model').toEqual({
      containerd: committed.sequence.containerd,
      runc: committed.sequence.runc,
      cgroupVersion: committed.sequence.cgroupVersion,
      hostCgroups: committed.sequence.hostCgroups,
    });
    expect(sequence.steps).toEqual(committed.sequence.steps);
    expect(events.events).toEqual(committed.events.events);
  });

  it('gets the same calls, answers, states, reasons, exit codes and event topics from the model, but for the known gaps', () => {
    const diffs = compareWithReal({ steps: sequence.steps, events: events.events }, runModel(sequence.steps, { podCIDR: sequence.podCIDR, hostCgroups: sequence.hostCgroups }));
    const result = againstKnownGaps(diffs);
    expect(result, gapReport(result)).toEqual({ unexpected: [], fixed: [] });
  });
});
