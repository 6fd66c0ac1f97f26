import { describe, expect, it } from 'vitest';
import { crictlEventsImporter } from './crictl-events.ts';
import { ctrEventsImporter } from './ctr-events.ts';
import { fixture, publicSample } from '../../../../tests/fixtures/replay/node/fixtures.ts';
import { runImporter } from './run-importer.ts';

describe('ctr events importer on the real CRI run', () => {
  const text = fixture('ctr-events.cri.txt');
  const all = runImporter(ctrEventsImporter, text);
  // The containerd steps, one per line; the CRI objects' inferred states are tested below.
  const r = { ...all, events: all.events.filter((e) => e.kind === 'span' && e.inferred !== true) };

  it('reads every line, with ns times truncated to µs, in order', () => {
    expect(r.errors).toEqual([]);
    expect(r.events).toHaveLength(text.trim().split('\n').length);
    expect(r.facts?.precision).toBe('ns');
    const ats = r.events.map((e) => e.at as number);
    expect([...ats].sort((a, b) => a - b)).toEqual(ats);
    expect(r.events[0]?.at).toBe(Date.UTC(...(/^(\d+)-(\d+)-(\d+) (\d+):(\d+):(\d+)/.exec(text)!.slice(1).map(Number) as [number, number, number, number, number, number]).map((v, i) => (i === 1 ? v - 1 : v)) as [number, number]) * 1000 + Number(/\.(\d{6})/.exec(text)![1]));
  });

  it('a sandbox: containers/create → tasks/create → tasks/start as containerd steps with the container key and pid', () => {
    const create = r.events.find((e) => e.op === 'create container');
    const id = create?.attrs?.['id'] as string;
    expect(id).toMatch(/^[0-9a-f]{64}$/);
    expect(create?.attrs?.['event']).toMatchObject({ topic: '/containers/create', payload: { id, image: 'registry.k8s.io/pause:3.10' } });
    const ofId = r.events.filter((e) => e.keys?.includes(`container:${id}`)).map((e) => e.op);
    // The sandbox's record is updated twice (the CRI's labels/extensions) before its task starts.
    expect(ofId.slice(0, 6)).toEqual(['snapshot prepare', 'create container', 'update container', 'update container', 'TaskCreate', 'TaskStart']);
    const start = r.events.find((e) => e.op === 'TaskStart' && e.attrs?.['id'] === id);
    expect(start?.keys).toContain(`pid:node-1/${start?.attrs?.['pid'] as number}`);
    expect(r.events.every((e) => e.actor === 'containerd/node-1' && e.kind === 'span' && e.inferred === undefined)).toBe(true);
  });

  it('the CRI sandboxes and containers as the simulator\'s cri-sandbox / cri-container machines, inferred', () => {
    const states = all.events.filter((e) => e.kind === 'state');
    expect(states.length).toBeGreaterThan(0);
    expect(states.every((e) => e.inferred === true && e.actor === 'containerd/node-1')).toBe(true);
    const sandboxId = r.events.find((e) => e.op === 'create container')?.attrs?.['id'] as string;
    const of = (id: string) => states.filter((e) => e.attrs?.['instance'] === id);
    const sandbox = of(sandboxId);
    // The labels of the sandbox's first update name its pod; the machine runs to its final state.
    expect(sandbox.map((e) => e.op)).toEqual(['creating', 'SANDBOX_READY', 'SANDBOX_NOTREADY', 'removed']);
    expect(sandbox.every((e) => e.attrs?.['machine'] === 'cri-sandbox' && e.ref?.kind === 'Pod' && typeof e.ref.uid === 'string')).toBe(true);
    expect(sandbox[3]?.attrs).toMatchObject({ final: true, from: 'SANDBOX_NOTREADY' });
    expect(sandbox[0]?.causes?.[0]?.key).toBe(`sandbox:${sandboxId}`);
    // The containers carry no labels in /containers/create: a create not labelled a sandbox is a CRI container.
    const containerIds = [...new Set(states.filter((e) => e.attrs?.['machine'] === 'cri-container').map((e) => e.attrs?.['instance'] as string))];
    expect(containerIds.length).toBeGreaterThan(0);
    const sandboxes = new Set(states.filter((e) => e.attrs?.['machine'] === 'cri-sandbox').map((e) => e.attrs?.['instance']));
    for (const id of containerIds) {
      expect(sandboxes.has(id)).toBe(false);
      const ops = of(id).map((e) => e.op);
      expect(ops.slice(0, 2)).toEqual(['creating', 'CONTAINER_CREATED']);
      // The moment of the record: the create's own time.
      expect(of(id)[0]?.at).toBe(r.events.find((e) => e.op === 'create container' && e.attrs?.['id'] === id)?.at);
    }
    // Each sandbox's shim, inferred (ctr shows no event for its start), before its first task.
    const shims = all.events.filter((e) => e.op === 'start shim');
    expect(shims.map((e) => e.attrs?.['id']).sort()).toEqual([...sandboxes].sort());
    expect(shims.every((e) => e.inferred === true)).toBe(true);
  });

  it('a failing container exits 1; exit 0 (omitted in the JSON) is 0', () => {
    const exits = r.events.filter((e) => e.op === 'TaskExit').map((e) => e.attrs?.['exitStatus']);
    expect(exits).toContain(1);
    expect(exits).toContain(0);
  });

  it('bad lines are reported with a reason', () => {
    const bad = runImporter(ctrEventsImporter, 'hello\n2021-04-01 11:50:27.3 +0000 UTC k8s.io /tasks/start {not json}\n');
    expect(bad.errors.map((e) => [e.line, /ctr events line|not JSON/.test(e.reason)])).toEqual([[1, true], [2, true]]);
  });

  // The public samples are read when this machine has them (../shared/traces/public); the test exists only then.
  const samples = publicSample('containerd/ctr_events_flatcar_blog_moby_namespace_no_timestamps.txt') !== undefined && publicSample('containerd/ctr_events_microk8s_k8s.io_namespace.txt') !== undefined;
  if (samples) it('public samples: the timestamp-less form and the microk8s one', () => {
    const noTime = runImporter(ctrEventsImporter, publicSample('containerd/ctr_events_flatcar_blog_moby_namespace_no_timestamps.txt') as string);
    expect(noTime.errors).toEqual([]);
    expect(noTime.events.every((e) => e.at === undefined && e.attrs?.['namespace'] === 'moby')).toBe(true);
    const mk = runImporter(ctrEventsImporter, publicSample('containerd/ctr_events_microk8s_k8s.io_namespace.txt') as string);
    expect(mk.errors).toEqual([]);
    expect(mk.events[0]?.at).toBe(Date.UTC(2021, 3, 1, 11, 50, 27) * 1000 + 322765);
  });
});

describe('crictl events importer', () => {
  it('containerd 1.6 has no GetContainerEvents: the recorded outcome says Unimplemented', () => {
    const outcome = JSON.parse(fixture('cri.get-container-events.outcome.json')) as { outcome: { error?: { code: string } } };
    expect(outcome.outcome.error?.code).toBe('Unimplemented');
  });

  it('reads concatenated pretty protojson responses (shape of cri-api ContainerEventResponse) and reports a cut one', () => {
    // Not a capture (none is possible here, see above): the field names of cri-api's protojson.
    const doc = (type: string, ns: string) => JSON.stringify({ containerId: 'c'.repeat(64), containerEventType: type, createdAt: ns, podSandboxStatus: { id: 's'.repeat(64), metadata: { name: 'web', uid: 'u-1', namespace: 'default' } }, containersStatuses: [] }, null, 2);
    const r = runImporter(crictlEventsImporter, `${doc('CONTAINER_CREATED_EVENT', '1700000000123456789')}\n${doc('CONTAINER_STARTED_EVENT', '1700000001000000000')}\n{\n  "containerId": "x",`);
    expect(r.events.map((e) => [e.op, e.attrs?.['containerEventType'], e.at])).toEqual([
      ['GetContainerEventsResponse', 'CONTAINER_CREATED_EVENT', 1700000000123456],
      ['GetContainerEventsResponse', 'CONTAINER_STARTED_EVENT', 1700000001000000],
    ]);
    expect(r.events[0]?.keys).toEqual([`container:${'c'.repeat(64)}`, `sandbox:${'s'.repeat(64)}`, 'obj:u-1']);
    expect(r.events[1]?.line).toBe(doc('X', '1').split('\n').length + 1);
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]?.reason).toMatch(/ends inside/);
  });
});
