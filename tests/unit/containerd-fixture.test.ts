import { describe, expect, it } from 'vitest';
import { applyByDesign, BY_DESIGN, requestForModel, systemdParent } from '../real/support/cri/by-design.ts';
import { canonical, unknownFields } from '../real/support/cri/client.ts';
import { compareWithReal, normalizeModel } from '../real/support/cri/compare.ts';
import { readContainerdFixtures } from '../real/support/cri/fixtures.ts';
import { againstKnownGaps, gapReport, KNOWN_GAPS } from '../real/support/cri/known-gaps.ts';
import { modelEvents } from '../real/support/cri/model-events.ts';
import { parseGrpcError, runModel } from '../real/support/cri/model-side.ts';
import { normalizeString, normalizeValue } from '../real/support/cri/normalize.ts';
import { parseCtrEvents } from '../real/support/cri/real-side.ts';
import { podCgroupParent, podUnderTest } from '../real/support/cri/sequence.ts';
import { podCgroupParent as kubeletCgroupParent } from '../../src/domain/cri/requests.ts';

/**
 * The simulator's containerd against the committed recording of a real containerd 1.6.20 driven
 * through its CRI plugin like the kubelet (tests/real/fixtures/containerd/, recorded by
 * tests/real/containerd-cri.test.ts as root): the model, sent the recorded requests, must
 * answer and publish the same, but for the gaps tests/real/support/cri/known-gaps.ts lists.
 * No root, no process: it guards the model in `npm test`.
 */

const fixture = readContainerdFixtures();

describe('the model vs the recorded containerd 1.6 CRI sequence', () => {
  it('differs from the real containerd exactly by the known gaps', () => {
    const diffs = compareWithReal({ steps: fixture.sequence.steps, events: fixture.events.events }, runModel(fixture.sequence.steps, { podCIDR: fixture.sequence.podCIDR, hostCgroups: fixture.sequence.hostCgroups }));
    const result = againstKnownGaps(diffs);
    expect(result, gapReport(result)).toEqual({ unexpected: [], fixed: [] });
  });

  it('is deterministic: two replays give the same normalized answers and events', () => {
    const a = normalizeModel(runModel(fixture.sequence.steps));
    const b = normalizeModel(runModel(fixture.sequence.steps));
    expect(b).toEqual(a);
  });

  it('reports a replay that cannot go on (a step that binds an id failed) and compares the steps before it', () => {
    const steps = [...fixture.sequence.steps.slice(0, 1), { label: 'StartContainer nope', method: 'StartContainer', request: { containerId: '<container:nope>' }, response: {} }];
    const diffs = compareWithReal({ steps, events: [] }, runModel(steps));
    expect(diffs.map((d) => d.key)).toEqual(['sequence | the replay stopped at StartContainer nope']);
  });

  // internal/cri/opts/spec_linux.go: hugepage limits only where the hugetlb controller is present.
  it('differs by the hugepage limits when the model is not told the recording host has no hugetlb controller', () => {
    expect(fixture.sequence.hostCgroups).toEqual({ hugetlbController: false, swapController: true });
    const diffs = compareWithReal({ steps: fixture.sequence.steps, events: fixture.events.events }, runModel(fixture.sequence.steps, { podCIDR: fixture.sequence.podCIDR }));
    expect(diffs.map((d) => d.key)).toEqual(['app (created)', 'app (running)', 'fail (exited 1)', 'app (exited 0)'].map((s) => `ContainerStatus ${s} | status.resources.linux.hugepageLimits`));
  });

  it('gives every known gap a reason, and no key twice', () => {
    const keys = KNOWN_GAPS.map((g) => g.key);
    expect(new Set(keys).size).toBe(keys.length);
    for (const g of KNOWN_GAPS) expect(g.reason.length, g.key).toBeGreaterThan(40);
  });

  it('recorded the states, reasons and exit codes of the sequence', () => {
    const status = (label: string) => fixture.sequence.steps.find((s) => s.label === label)?.response?.status as Record<string, unknown> | undefined;
    expect(status('ContainerStatus fail (exited 1)')).toMatchObject({ state: 'CONTAINER_EXITED', exitCode: 1, reason: 'Error' });
    expect(status('ContainerStatus app (exited 0)')).toMatchObject({ state: 'CONTAINER_EXITED', exitCode: 0, reason: 'Completed' });
    expect(fixture.events.events.filter((e) => e.topic === '/tasks/exit').map((e) => [e.subject, e.exitStatus])).toEqual([
      ['<container:fail>', 1],
      ['<container:app>', 0],
      ['<sandbox:web>', 137],
    ]);
  });
});

describe('the comparison harness', () => {
  it('normalizes ids by role, digests, unpack keys, pod IPs, times, sizes and the temp dir', () => {
    const ctx = { bound: new Map([['a'.repeat(64), '<sandbox:web>']]), work: '/tmp/ka-cri-XYZ' };
    expect(normalizeString(`/tmp/ka-cri-XYZ/var/log/pods/x ${'a'.repeat(64)} ${'b'.repeat(64)}`, ctx)).toBe('/var/log/pods/x <sandbox:web> <id>');
    expect(normalizeString(`extract-531558504-ie7X sha256:${'c'.repeat(64)}`, ctx)).toBe('extract-<n> <digest>');
    expect(normalizeString('10.88.0.2 10.96.0.10 10.88.1.0', ctx)).toBe('<ip 10.88.0.0/16 #2> 10.96.0.10 <ip 10.88.0.0/16 #256>');
    expect(normalizeValue({ z: 1, createdAt: '1796166102143482914', startedAt: '0', size: '1032137' }, ctx)).toEqual({ createdAt: '<time>', size: '<size>', startedAt: '0', z: 1 });
  });

  it('decodes the model\'s answers as a gRPC peer would, and finds fields runtime.v1 has not', () => {
    const raw = { status: { id: 'x', state: 'CONTAINER_RUNNING', exitCode: 0, bogus: 1 } };
    const decoded = canonical('ContainerStatus', 'response', raw);
    expect(decoded).toMatchObject({ status: { id: 'x', state: 'CONTAINER_RUNNING', reason: '', mounts: [], startedAt: '0' }, info: {} });
    expect(unknownFields(raw, decoded)).toEqual(['status.bogus']);
    expect(canonical('ImageStatus', 'response', { image: null, info: {} })).toEqual({ image: null, info: {} });
  });

  it('reads ctr events lines and gRPC error strings', () => {
    const text = '2026-12-01 23:01:46.94 +0000 UTC k8s.io /tasks/exit {"container_id":"c1","exit_status":1}\npartial';
    expect(parseCtrEvents(text)).toEqual([{ namespace: 'k8s.io', topic: '/tasks/exit', payload: { container_id: 'c1', exit_status: 1 } }]);
    expect(parseGrpcError('rpc error: code = NotFound desc = an error occurred when try to find container "x": not found')).toEqual({ code: 'NotFound', message: 'an error occurred when try to find container "x": not found' });
  });

  it('reads the containerd event topics the model records on its spans (attrs.event)', () => {
    const ev = (kind: 'span' | 'state', actor: string, op: string, attrs: Record<string, unknown>) => ({ seq: 0, t: 0, kind, actor, op, src: 'sim', attrs });
    const event = (topic: string, payload: Record<string, unknown>) => ({ event: { topic, payload } });
    const got = modelEvents(
      [
        ev('span', 'containerd/n', 'snapshot prepare', { key: 'c1', ...event('/snapshot/prepare', { key: 'c1' }) }),
        ev('span', 'containerd/n', 'create container', { id: 'c1', ...event('/containers/create', { id: 'c1' }) }),
        ev('state', 'containerd/n', 'CONTAINER_CREATED', { machine: 'cri-container', instance: 'c1', from: 'creating' }),
        ev('state', 'runc/n', 'created', { machine: 'oci-container', instance: 'c1' }),
        ev('span', 'containerd/n', 'TaskCreate', event('/tasks/create', { container_id: 'c1' })),
        ev('span', 'runc/n', 'mount', event('/not/containerd', { key: 'x' })),
        ev('span', 'containerd/n', 'generate OCI spec', {}),
        ev('span', 'containerd/n', 'TaskExit', { id: 'c1', exitStatus: 1, ...event('/tasks/exit', { container_id: 'c1', exit_status: 1 }) }),
        ev('span', 'containerd/n', 'Commit', event('/snapshot/commit', { key: 'k', name: 'n' })),
      ],
      'containerd/n',
      'runc/n',
    ).map((e) => `${e.at} ${e.event.topic} ${JSON.stringify(e.event.payload)}`);
    expect(got).toEqual([
      '0 /snapshot/prepare {"key":"c1"}',
      '1 /containers/create {"id":"c1"}',
      '4 /tasks/create {"container_id":"c1"}',
      '7 /tasks/exit {"container_id":"c1","exit_status":1}',
      '8 /snapshot/commit {"key":"k","name":"n"}',
    ]);
  });

  it('sends the model the kubelet\'s systemd cgroup parent for the recorded cgroupfs one', () => {
    expect(systemdParent(podCgroupParent())).toBe(kubeletCgroupParent(podUnderTest(), 'systemd'));
    const sent = requestForModel('RunPodSandbox', { config: { linux: { cgroupParent: podCgroupParent() } } });
    expect(sent).toEqual({ config: { linux: { cgroupParent: kubeletCgroupParent(podUnderTest(), 'systemd') } } });
  });

  it('applies each by-design rule to both sides', () => {
    expect(BY_DESIGN.map((r) => r.id)).toEqual(['runtime-version', 'get-container-events', 'status-newer-fields', 'userns-options', 'fields-newer-than-1.6']);
    expect(applyByDesign({ label: 'Version', method: 'Version', response: { runtimeVersion: 'v2.1.4', runtimeName: 'containerd' } }).response).toEqual({ runtimeVersion: '<runtime-version>', runtimeName: 'containerd' });
    expect(applyByDesign({ label: 'x', method: 'GetContainerEvents', error: { code: 'Unimplemented', message: 'm' } }).notCompared).toBe('get-container-events');
  });
});
