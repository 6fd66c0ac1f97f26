import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseText } from '../testing.ts';
import { k8sEventsImporter } from './importer.ts';

const KSPAN = '/work/shared/traces/public/kspan/kspan_testdata_deployment-2-pods.yaml';

const core = {
  apiVersion: 'v1',
  kind: 'Event',
  metadata: { name: 'web-1.1880a1b2c3d4e5f6', namespace: 'default', uid: 'e-1', resourceVersion: '77' },
  involvedObject: { kind: 'Pod', namespace: 'default', name: 'web-1', uid: 'p-1', apiVersion: 'v1', resourceVersion: '70', fieldPath: 'spec.containers{nginx}' },
  reason: 'Pulled',
  message: 'Container image "nginx:1.27" already present on machine',
  source: { component: 'kubelet', host: 'node-1' },
  firstTimestamp: '2026-01-01T09:00:03Z',
  lastTimestamp: '2026-01-01T09:00:05Z',
  count: 2,
  type: 'Normal',
  eventTime: null,
};

const v1 = {
  apiVersion: 'events.k8s.io/v1',
  kind: 'Event',
  metadata: { name: 'web-1.1880a1b2c3d4e5f7', namespace: 'default', uid: 'e-2', resourceVersion: '71' },
  eventTime: '2026-01-01T09:00:01.123456Z',
  reportingController: 'default-scheduler',
  reportingInstance: 'default-scheduler-control-plane',
  action: 'Binding',
  reason: 'Scheduled',
  regarding: { kind: 'Pod', namespace: 'default', name: 'web-1', uid: 'p-1', apiVersion: 'v1' },
  note: 'Successfully assigned default/web-1 to node-1',
  type: 'Normal',
};

describe('k8s-events importer', () => {
  it('maps core/v1 and events.k8s.io/v1 Events as the simulator records them', () => {
    const got = parseText(k8sEventsImporter, [JSON.stringify(core), JSON.stringify(v1)].join('\n'));
    expect(got.errors).toEqual([]);
    expect(got.events[0]).toMatchObject({
      kind: 'event',
      actor: 'kubelet/node-1',
      op: 'Pulled',
      at: Date.UTC(2026, 0, 1, 9, 0, 5) * 1000,
      revision: 77,
      ref: { kind: 'Pod', name: 'web-1', uid: 'p-1' },
      attrs: { type: 'Normal', reason: 'Pulled', count: 2, name: 'web-1.1880a1b2c3d4e5f6', source: { component: 'kubelet', host: 'node-1' }, fieldPath: 'spec.containers{nginx}' },
      causes: [{ key: 'rv:p-1/70' }, { key: 'obj:p-1' }],
    });
    expect(got.events[1]).toMatchObject({ actor: 'scheduler', op: 'Scheduled', at: Date.UTC(2026, 0, 1, 9, 0, 1) * 1000 + 123456, attrs: { message: 'Successfully assigned default/web-1 to node-1', action: 'Binding', source: { component: 'default-scheduler' } } });
    expect(got.facts.precision).toBe('s');
  });

  it('reads watch events, receive-stamped lines and a pretty-printed List', () => {
    const watch = JSON.stringify({ type: 'ADDED', object: v1 });
    const stamped = JSON.stringify({ recv: '2026-01-01T09:00:06.000000123Z', ev: { type: 'MODIFIED', object: { ...core, eventTime: undefined, lastTimestamp: undefined, firstTimestamp: undefined, metadata: { name: 'x' } } } });
    const list = JSON.stringify({ apiVersion: 'v1', kind: 'List', items: [core, v1], metadata: { resourceVersion: '' } }, null, 4);
    const got = parseText(k8sEventsImporter, [watch, stamped, list].join('\n'));
    expect(got.errors).toEqual([]);
    expect(got.events.map((e) => `${e.line} ${e.op}`)).toEqual(['1 Scheduled', '2 Pulled', `${list.split('\n').indexOf('        {') + 3} Pulled`, `${list.split('\n').lastIndexOf('        {') + 3} Scheduled`]);
    expect(got.events[1]?.at).toBe(Date.UTC(2026, 0, 1, 9, 0, 6) * 1000);
  });

  it('reports what is not an Event', () => {
    const got = parseText(k8sEventsImporter, [JSON.stringify(core), JSON.stringify({ kind: 'Pod', metadata: {} }), '{"kind": "Event"', JSON.stringify({ type: 'ERROR', object: { code: 410, message: 'too old resource version: 5 (9)' } })].join('\n'), 'events.json');
    expect(got.events).toHaveLength(1);
    expect(got.errors.map((e) => `${e.line}: ${e.reason}`)).toEqual([
      '2: not a Kubernetes Event: kind is "Pod"',
      '3: not valid JSON: the line ends inside a value',
      '4: the watch ended with an ERROR: 410 too old resource version: 5 (9)',
    ]);
  });
});

// The public samples are read where they are (/work/shared/traces/public); the tests
// against the simulator's own output (tests/unit/replay/api-importers-vs-simulator.test.ts)
// pass without them.
if (existsSync(KSPAN)) {
describe('k8s-events importer on kspan\'s recorded rollout', () => {
  it('reads every Event and object snapshot with its receive time', () => {
    const text = readFileSync(KSPAN, 'utf8');
    expect(k8sEventsImporter.detect(text.slice(0, 65536), 'deployment-2-pods.yaml', new Uint8Array())).toBeGreaterThan(0.8);
    const got = parseText(k8sEventsImporter, text);
    expect(got.errors).toEqual([]);
    const events = got.events.filter((e) => e.kind === 'event');
    expect(events).toHaveLength(19);
    expect(events[0]).toMatchObject({ actor: 'kube-controller-manager/deployment-controller', op: 'ScalingReplicaSet', attrs: { message: 'Scaled up replica set px-5d567cc74c to 1' } });
    expect(events.map((e) => e.op)).toContain('Scheduled');
    expect(got.events.filter((e) => e.kind === 'object').length).toBe(7);
  });
});
}
