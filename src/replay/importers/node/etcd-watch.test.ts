import { describe, expect, it } from 'vitest';
import { etcdWatchImporter } from './etcd-watch.ts';
import { fixture } from '../../../../tests/fixtures/replay/node/fixtures.ts';
import { runImporter } from './run-importer.ts';

describe('etcdctl watch importer on a real etcd 3.4 watch', () => {
  const raw = runImporter(etcdWatchImporter, fixture('etcd.watch.json.jsonl'));

  it('Put and DeleteRange spans with the revisions in order, keys decoded', () => {
    expect(raw.errors).toEqual([]);
    expect(raw.events.map((e) => [e.op, e.attrs?.['key']])).toEqual([
      ['Put', '/registry/configmaps/default/app-config'],
      ['Put', 'greeting'],
      ['Put', 'greeting'],
      ['Put', '/registry/events/default/app.1'],
      ['DeleteRange', 'greeting'],
      ['Put', 'dir/a'],
      ['Put', 'dir/b'],
      ['DeleteRange', 'dir/a'],
      ['DeleteRange', 'dir/b'],
    ]);
    const revs = raw.events.map((e) => e.revision as number);
    expect(revs[0]).toBe(2);
    for (let i = 1; i < revs.length; i++) expect(revs[i]).toBeGreaterThanOrEqual(revs[i - 1] as number);
    expect(raw.events[2]?.attrs).toMatchObject({ value: 'hello again', createRevision: 3, modRevision: 4, version: 2 });
    expect(raw.events[2]?.keys).toEqual(['etcd:greeting@4']);
  });

  it('uint64 ids stay exact decimal strings; a lease is hex', () => {
    const line = fixture('etcd.watch.json.jsonl').split('\n')[0] as string;
    const member = /"member_id":(\d+)/.exec(line)?.[1];
    expect(raw.events[0]?.actor).toBe(`etcd/${BigInt(member as string).toString(16)}`);
    expect(raw.events[0]?.attrs?.['memberId']).toBe(member);
    expect(raw.events[0]?.attrs?.['clusterId']).toBe(/"cluster_id":(\d+)/.exec(line)?.[1]);
    expect(raw.events[3]?.attrs?.['lease']).toMatch(/^[0-9a-f]+$/);
  });

  it('a /registry/ JSON object: ref and the rv key, valueSize instead of the body', () => {
    expect(raw.events[0]?.ref).toEqual({ apiVersion: 'v1', kind: 'ConfigMap', namespace: 'default', name: 'app-config', uid: '0e6b1f5c-2a43-4a8e-9a57-3b1f1c9d2e70' });
    expect(raw.events[0]?.keys).toContain('rv:0e6b1f5c-2a43-4a8e-9a57-3b1f1c9d2e70/2');
    expect(raw.events[0]?.attrs?.['value']).toBeUndefined();
    expect(raw.events[0]?.attrs?.['valueSize']).toBeGreaterThan(50);
  });

  it('receive-stamped lines carry the time; the same events', () => {
    const r = runImporter(etcdWatchImporter, fixture('etcd.watch.recv.jsonl'));
    expect(r.errors).toEqual([]);
    expect(r.events.map((e) => e.revision)).toEqual(raw.events.map((e) => e.revision));
    expect(r.events.every((e) => typeof e.at === 'number')).toBe(true);
    expect(r.facts?.precision).toBe('ns');
  });

  it('the text form: the same keys and values, without revisions', () => {
    const r = runImporter(etcdWatchImporter, fixture('etcd.watch.text.txt'));
    expect(r.errors).toEqual([]);
    expect(r.events.map((e) => [e.op, e.attrs?.['key']])).toEqual(raw.events.map((e) => [e.op, e.attrs?.['key']]));
    expect(r.events[1]?.attrs?.['value']).toBe('hello');
  });

  it('bad lines are reported', () => {
    const r = runImporter(etcdWatchImporter, '{"Header":{},"Events":[{"kv":{"key":"!!"}}]}\nnope\n');
    expect(r.errors.map((e) => e.line)).toEqual([1, 2]);
  });
});
