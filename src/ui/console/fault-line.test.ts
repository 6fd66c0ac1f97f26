import { describe, expect, it } from 'vitest';
import { en, ja } from '../i18n/areas/faults.ts';
import { faultCompletions, faultPodsOf, parseFaultLine, type FaultPod, type FaultTable } from './fault-line.ts';

/**
 * The console's `fault` line against the fault table. The table is a copy of the rows of
 * src/engine/faults/fields.ts this test needs (the UI reads the engine's through `source`).
 */
const TABLE: FaultTable = {
  'node-down': { required: ['node'], optional: [], example: '{type: node-down, node: node-2}' },
  'container-kill': { required: ['node', 'pod'], optional: ['container', 'namespace'], example: '{type: container-kill, node: node-1, pod: web}' },
  'image-pull-fail': { required: [], optional: ['image', 'node', 'reason'], oneOf: ['image', 'node'], values: { reason: ['not-found', 'access-denied'] }, example: '{type: image-pull-fail, image: nginx:1.27}' },
  'etcd-member-stop': { required: ['member'], optional: [], example: '{type: etcd-member-stop, member: etcd-1}' },
  'etcd-partition': { required: [], optional: ['members', 'isolate'], oneOf: ['members', 'isolate'], example: '{type: etcd-partition, isolate: etcd-0}' },
  'etcd-heal': { required: [], optional: [], example: '{type: etcd-heal}' },
};
const cluster = { nodes: ['node-1', 'node-2'], members: ['etcd-0', 'etcd-1', 'etcd-2'] };
const parse = (line: string) => parseFaultLine(line, TABLE, cluster);

describe('parseFaultLine with the fault table', () => {
  it('takes every field of a type, names as strings, members as a list', () => {
    expect(parse('fault container-kill node=node-1 pod=web container=nginx namespace=shop')).toEqual({ ok: true, fault: { type: 'container-kill', node: 'node-1', pod: 'web', container: 'nginx', namespace: 'shop' } });
    expect(parse('fault container-kill node=node-1 pod=1')).toEqual({ ok: true, fault: { type: 'container-kill', node: 'node-1', pod: '1' } });
    expect(parse('fault image-pull-fail image=nginx:1.27 reason=access-denied')).toEqual({ ok: true, fault: { type: 'image-pull-fail', image: 'nginx:1.27', reason: 'access-denied' } });
    expect(parse('fault image-pull-fail node=node-2')).toEqual({ ok: true, fault: { type: 'image-pull-fail', node: 'node-2' } });
    expect(parse('fault etcd-partition members=etcd-0,etcd-1')).toEqual({ ok: true, fault: { type: 'etcd-partition', members: ['etcd-0', 'etcd-1'] } });
    expect(parse('fault etcd-partition isolate="etcd-2"')).toEqual({ ok: true, fault: { type: 'etcd-partition', isolate: 'etcd-2' } });
    expect(parse('fault etcd-heal')).toEqual({ ok: true, fault: { type: 'etcd-heal' } });
  });

  it('says which field is missing, unknown, repeated or has a wrong value', () => {
    expect(parse('fault container-kill node=node-1')).toEqual({ ok: false, error: { key: 'faults.line.missingField', params: { type: 'container-kill', field: 'pod', example: '{type: container-kill, node: node-1, pod: web}' } } });
    expect(parse('fault node-down node=node-1 pod=web')).toEqual({ ok: false, error: { key: 'faults.line.unknownField', params: { type: 'node-down', field: 'pod', fields: 'node', example: '{type: node-down, node: node-2}' } } });
    expect(parse('fault etcd-heal member=etcd-0')).toMatchObject({ ok: false, error: { key: 'faults.line.unknownField', params: { fields: '—' } } });
    expect(parse('fault node-down node=node-1 node=node-2')).toMatchObject({ ok: false, error: { key: 'faults.line.duplicate', params: { field: 'node' } } });
    expect(parse('fault node-down type=x')).toMatchObject({ ok: false, error: { key: 'faults.line.duplicate', params: { field: 'type' } } });
    expect(parse('fault image-pull-fail image=nginx reason=gone')).toEqual({ ok: false, error: { key: 'faults.line.badValue', params: { type: 'image-pull-fail', field: 'reason', value: 'gone', allowed: 'not-found, access-denied' } } });
    expect(parse('fault image-pull-fail reason=not-found')).toMatchObject({ ok: false, error: { key: 'faults.line.oneOf', params: { fields: 'image | node' } } });
    expect(parse('fault etcd-partition members=etcd-0 isolate=etcd-1')).toMatchObject({ ok: false, error: { key: 'faults.line.both' } });
    expect(parse('fault node-down node=')).toMatchObject({ ok: false, error: { key: 'faults.line.emptyValue', params: { field: 'node' } } });
    expect(parse('fault etcd-partition members=etcd-0,')).toMatchObject({ ok: false, error: { key: 'faults.line.emptyValue', params: { field: 'members' } } });
    expect(parse('fault node-down node-2')).toMatchObject({ ok: false, error: { key: 'console.badField', params: { field: 'node-2' } } });
    expect(parse('fault meteor')).toMatchObject({ ok: false, error: { key: 'console.unknownFault', params: { type: 'meteor', known: 'node-down, container-kill, image-pull-fail, etcd-member-stop, etcd-partition, etcd-heal' } } });
  });

  it('checks names against the cluster at the playhead when given', () => {
    expect(parse('fault node-down node=node-9')).toEqual({ ok: false, error: { key: 'faults.line.noSuchNode', params: { node: 'node-9', nodes: 'node-1, node-2' } } });
    expect(parse('fault etcd-member-stop member=etcd-7')).toEqual({ ok: false, error: { key: 'faults.line.noSuchMember', params: { member: 'etcd-7', members: 'etcd-0, etcd-1, etcd-2' } } });
    expect(parse('fault etcd-partition members=etcd-0,etcd-9')).toMatchObject({ ok: false, error: { key: 'faults.line.noSuchMember', params: { member: 'etcd-9' } } });
    expect(parse('fault etcd-partition members=etcd-0,etcd-1,etcd-2')).toMatchObject({ ok: false, error: { key: 'faults.line.membersLeaveOne' } });
    // Without the cluster, the engine's own check answers at run time.
    expect(parseFaultLine('fault node-down node=node-9', TABLE)).toEqual({ ok: true, fault: { type: 'node-down', node: 'node-9' } });
  });

  it('has both languages for every error, with the same placeholders', () => {
    const keys = Object.keys(en).filter((k) => k.startsWith('faults.line.')) as (keyof typeof en)[];
    expect(keys.length).toBe(10);
    for (const k of keys) expect(ja[k].match(/\{\w+\}/g)?.sort()).toEqual(en[k].match(/\{\w+\}/g)?.sort());
  });
});

describe('faultCompletions', () => {
  const names = new Map<string, readonly string[]>([['Node', ['node-1', 'node-2']], ['Pod', ['web-1']], ['EtcdMember', ['etcd-0', 'etcd-1', 'etcd-2']]]);
  const at = (line: string) => {
    const words = line.split(' ');
    return faultCompletions(words.slice(0, -1), words.at(-1) ?? '', TABLE, names);
  };

  it('types, then the keys of the type not given yet', () => {
    expect(at('fault ').candidates).toEqual(Object.keys(TABLE));
    expect(at('fault container-kill ').candidates).toEqual(['node=', 'pod=', 'container=', 'namespace=']);
    expect(at('fault container-kill node=node-1 ').candidates).toEqual(['pod=', 'container=', 'namespace=']);
    expect(at('fault etcd-heal ').candidates).toEqual([]);
    expect(at('fault meteor ').candidates).toEqual([]);
  });

  it('values: names at the playhead, allowed values, members not listed yet', () => {
    expect(at('fault node-down node=')).toEqual({ candidates: ['node-1', 'node-2'], prefix: 'node=' });
    expect(at('fault container-kill node=node-1 pod=w')).toEqual({ candidates: ['web-1'], prefix: 'pod=' });
    expect(at('fault image-pull-fail image=nginx reason=')).toEqual({ candidates: ['not-found', 'access-denied'], prefix: 'reason=' });
    expect(at('fault etcd-partition isolate=')).toEqual({ candidates: ['etcd-0', 'etcd-1', 'etcd-2'], prefix: 'isolate=' });
    expect(at('fault etcd-partition members=etcd-1,')).toEqual({ candidates: ['etcd-0', 'etcd-2'], prefix: 'members=etcd-1,' });
    expect(at('fault etcd-partition members=')).toEqual({ candidates: ['etcd-0', 'etcd-1', 'etcd-2'], prefix: 'members=' });
  });
});

const PODS: FaultPod[] = [
  { name: 'web-1', namespace: 'default', node: 'node-1', containers: [{ name: 'nginx', image: 'nginx:1.27' }] },
  { name: 'web-2', namespace: 'default', node: 'node-2', containers: [{ name: 'nginx', image: 'nginx:1.27' }, { name: 'sidecar', image: 'busybox:1.36' }] },
  { name: 'web-3', namespace: 'default', containers: [{ name: 'nginx', image: 'nginx:1.27' }] },
  { name: 'db-0', namespace: 'shop', node: 'node-1', containers: [{ name: 'postgres', image: 'postgres:16' }] },
];

describe('the fault line against the Pods at the playhead', () => {
  const withPods = (line: string) => parseFaultLine(line, TABLE, { ...cluster, pods: PODS });

  it('names a Pod that is not there, not on that node, or has no such container', () => {
    expect(withPods('fault container-kill node=node-1 pod=web-1 container=nginx')).toMatchObject({ ok: true });
    expect(withPods('fault container-kill node=node-1 pod=db-0 namespace=shop')).toMatchObject({ ok: true });
    expect(withPods('fault container-kill node=node-1 pod=web-9')).toEqual({ ok: false, error: { key: 'console.noSuchPod', params: { pod: 'web-9', namespace: 'default', pods: 'web-1, web-2, web-3' } } });
    expect(withPods('fault container-kill node=node-1 pod=db-0')).toMatchObject({ ok: false, error: { key: 'console.noSuchPod', params: { pod: 'db-0', namespace: 'default' } } });
    expect(withPods('fault container-kill node=node-1 pod=web-2')).toEqual({ ok: false, error: { key: 'console.podNotOnNode', params: { pod: 'web-2', node: 'node-1', actual: 'node-2' } } });
    expect(withPods('fault container-kill node=node-1 pod=web-3')).toMatchObject({ ok: false, error: { key: 'console.podNotOnNode', params: { actual: '—' } } });
    expect(withPods('fault container-kill node=node-2 pod=web-2 container=redis')).toEqual({ ok: false, error: { key: 'console.noSuchContainer', params: { pod: 'web-2', container: 'redis', containers: 'nginx, sidecar' } } });
    // An image pull names an image, not a Pod.
    expect(withPods('fault image-pull-fail image=nginx:9')).toMatchObject({ ok: true });
  });

  it('completes Pods on the node given, that Pod\'s node, its containers, the images in use', () => {
    const names = new Map<string, readonly string[]>([['Node', ['node-1', 'node-2']], ['Pod', PODS.map((p) => p.name)]]);
    const at = (line: string) => {
      const words = line.split(' ');
      return faultCompletions(words.slice(0, -1), words.at(-1) ?? '', TABLE, names, PODS).candidates;
    };
    expect(at('fault container-kill pod=')).toEqual(['web-1', 'web-2', 'db-0']);
    expect(at('fault container-kill node=node-2 pod=')).toEqual(['web-2']);
    expect(at('fault container-kill namespace=shop pod=')).toEqual(['db-0']);
    expect(at('fault container-kill pod=web-2 node=')).toEqual(['node-2']);
    expect(at('fault container-kill node=node-1 pod=')).toEqual(['web-1', 'db-0']);
    expect(at('fault container-kill node=node-2 pod=web-2 container=')).toEqual(['nginx', 'sidecar']);
    expect(at('fault image-pull-fail image=')).toEqual(['nginx:1.27', 'busybox:1.36', 'postgres:16']);
    expect(at('fault image-pull-fail node=')).toEqual(['node-1', 'node-2']);
  });

  it('reads the Pods from the world objects', () => {
    const objects = [
      { ref: { kind: 'Pod', name: 'b', namespace: 'default' }, object: { spec: { nodeName: 'node-1', containers: [{ name: 'c', image: 'i:1' }] } } },
      { ref: { kind: 'Pod', name: 'a' }, object: { spec: {} } },
      { ref: { kind: 'Node', name: 'node-1' }, object: {} },
    ];
    expect(faultPodsOf(objects)).toEqual([
      { name: 'a', namespace: 'default', containers: [] },
      { name: 'b', namespace: 'default', node: 'node-1', containers: [{ name: 'c', image: 'i:1' }] },
    ]);
  });
});
