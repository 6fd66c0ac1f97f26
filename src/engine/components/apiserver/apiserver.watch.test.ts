import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../domain/k8s/objects.ts';
import { TestCluster } from './test-cluster.ts';

const CONFIGMAPS = '/api/v1/namespaces/default/configmaps';

function configMap(name: string): KubeObject {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'default' }, data: { n: name } };
}

describe('watches from the watch cache (apiserver/pkg/storage/cacher/cacher.go, watch_cache.go)', () => {
  it('replays the events after a resourceVersion, then goes on live', () => {
    const c = new TestCluster();
    const a = c.create(configMap('a'));
    c.create(configMap('b'));
    const events = c.watch(CONFIGMAPS, { resourceVersion: a.metadata.resourceVersion ?? '' });
    expect(events.map((e) => `${e.type} ${e.object.metadata.name}`)).toEqual(['ADDED b']);
    c.create(configMap('c'));
    c.runFor(10_000);
    expect(events.map((e) => `${e.type} ${e.object.metadata.name}`)).toEqual(['ADDED b', 'ADDED c']);
  });

  it('starts with the current state for resourceVersion 0 or unset', () => {
    const c = new TestCluster();
    c.create(configMap('a'));
    expect(c.watch(CONFIGMAPS, { resourceVersion: '0' }).map((e) => e.type)).toEqual(['ADDED']);
    expect(c.watch(CONFIGMAPS).map((e) => e.type)).toEqual(['ADDED']);
  });

  it('filters by field and label selectors, and turns a change out of the selection into DELETED', () => {
    const c = new TestCluster();
    c.create({ ...configMap('a'), metadata: { name: 'a', namespace: 'default', labels: { tier: 'front' } } });
    const byName = c.watch(CONFIGMAPS, { fieldSelector: 'metadata.name=a' });
    const byLabel = c.watch(CONFIGMAPS, { labelSelector: 'tier=front' });
    c.create(configMap('b'));
    c.request('PATCH', `${CONFIGMAPS}/a`, { body: { metadata: { labels: { tier: 'back' } } }, contentType: 'application/merge-patch+json' });
    c.runFor(10_000);
    expect(byName.map((e) => `${e.type} ${e.object.metadata.name}`)).toEqual(['ADDED a', 'MODIFIED a']);
    expect(byLabel.map((e) => `${e.type} ${e.object.metadata.name}`)).toEqual(['ADDED a', 'DELETED a']);
    const bad = c.request('GET', CONFIGMAPS, { query: { watch: 'true', fieldSelector: 'data.n=a' } });
    expect(bad).toMatchObject({ code: 400, body: { reason: 'BadRequest', message: '"data.n" is not a known field selector: only "metadata.name", "metadata.namespace"' } });
  });

  it('answers a watch from a resourceVersion older than the window with an ERROR event: 410 Expired', () => {
    const c = new TestCluster();
    const first = c.create(configMap('cm-0'));
    // One change a second: the window of 100 events stops growing once its oldest is 75 s old,
    // and then drops the oldest to make room.
    let last = first;
    for (let i = 1; i <= 110; i++) {
      c.runFor(1_000_000);
      last = c.create(configMap(`cm-${i}`));
    }
    const rvs = c.events.filter((e) => e.kind === 'object' && e.ref?.kind === 'ConfigMap' && e.op === 'ADDED').map((e) => Number(e.attrs?.resourceVersion));
    // The window keeps the newest 100 events: M is the oldest one's resourceVersion minus one.
    const oldestKept = rvs[rvs.length - 100] as number;
    const events = c.watch(CONFIGMAPS, { resourceVersion: first.metadata.resourceVersion ?? '' });
    expect(events).toEqual([
      {
        type: 'ERROR',
        object: { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: `too old resource version: ${first.metadata.resourceVersion} (${oldestKept - 1})`, reason: 'Expired', code: 410 },
      },
    ]);
    // The stream is over: later changes do not reach it.
    c.create(configMap('late'));
    c.runFor(10_000);
    expect(events).toHaveLength(1);
    // A watch from a version the window still covers works.
    expect(c.watch(CONFIGMAPS, { resourceVersion: String(Number(last.metadata.resourceVersion) - 1) }).map((e) => e.object.metadata.name)).toEqual([`cm-110`, 'late']);
  });

  it('sends a BOOKMARK about once a minute to watchers that allow them', () => {
    const c = new TestCluster();
    c.create(configMap('a'));
    const withBookmarks = c.watch(CONFIGMAPS, { resourceVersion: '0', allowWatchBookmarks: 'true' });
    const without = c.watch(CONFIGMAPS, { resourceVersion: '0' });
    c.runFor(59_000_000);
    expect(withBookmarks.filter((e) => e.type === 'BOOKMARK')).toHaveLength(0);
    c.runFor(2_000_000);
    const bookmarks = withBookmarks.filter((e) => e.type === 'BOOKMARK');
    expect(bookmarks).toHaveLength(1);
    expect(bookmarks[0]?.object).toEqual({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { resourceVersion: expect.stringMatching(/^\d+$/) } });
    c.runFor(60_000_000);
    expect(withBookmarks.filter((e) => e.type === 'BOOKMARK')).toHaveLength(2);
    expect(without.filter((e) => e.type === 'BOOKMARK')).toHaveLength(0);
  });
});
