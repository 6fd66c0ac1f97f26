import { describe, expect, it } from 'vitest';
import type { TraceEvent } from '../../../trace/schema.ts';
import { TestCluster } from './test-cluster.ts';

const CONFIGMAPS = '/api/v1/namespaces/default/configmaps';
const SECOND = 1_000_000;

function ends(c: TestCluster): TraceEvent[] {
  return c.events.filter((e) => e.kind === 'message' && e.op === 'END_STREAM' && e.to === 'test-client');
}

/** When the apiserver answered the watch opened last: its stream starts then. */
function opened(c: TestCluster): TraceEvent {
  const ok = c.events.filter((e) => e.kind === 'message' && e.op === '200 OK' && e.to === 'test-client');
  return ok[ok.length - 1] as TraceEvent;
}

describe('the end of watch responses (apiserver/pkg/endpoints/handlers/watch.go, get.go)', () => {
  it('ends a watch after its timeoutSeconds', () => {
    const c = new TestCluster();
    c.watch(CONFIGMAPS, { timeoutSeconds: '30' });
    const start = opened(c).t;
    c.runFor(29 * SECOND);
    expect(ends(c)).toHaveLength(0);
    c.runFor(2 * SECOND);
    expect(ends(c).map((e) => e.t)).toEqual([start + 30 * SECOND]);
    // The watcher is gone: a new ConfigMap reaches nobody.
    c.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a', namespace: 'default' } });
    c.runFor(10_000);
    expect(c.events.filter((e) => e.kind === 'message' && e.op === 'WATCH ADDED' && e.to === 'test-client')).toHaveLength(0);
  });

  it('without timeoutSeconds, ends it after --min-request-timeout (30 min) times a factor in [1, 2)', () => {
    const c = new TestCluster();
    c.watch(CONFIGMAPS, { timeoutSeconds: '0' });
    const start = opened(c).t;
    c.runFor(1800 * SECOND - 20_000);
    expect(ends(c)).toHaveLength(0);
    c.runFor(1800 * SECOND);
    const [end] = ends(c);
    expect((end as TraceEvent).t - start).toBeGreaterThanOrEqual(1800 * SECOND);
    expect((end as TraceEvent).t - start).toBeLessThan(3600 * SECOND);
  });

  it('ends at once after the ERROR of a watch from a resourceVersion it cannot serve', () => {
    const c = new TestCluster();
    c.runFor(SECOND);
    // 102 ConfigMaps a second apart: the window of 100 drops the oldest, so cm-0's version is too old.
    const first = c.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cm-0', namespace: 'default' } });
    for (let i = 1; i <= 101; i++) {
      c.runFor(SECOND);
      c.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `cm-${i}`, namespace: 'default' } });
    }
    c.watch(CONFIGMAPS, { resourceVersion: first.metadata.resourceVersion ?? '' });
    const error = c.events.find((e) => e.kind === 'message' && e.op === 'WATCH ERROR' && e.to === 'test-client') as TraceEvent;
    expect(ends(c).map((e) => [e.t, e.seq > error.seq])).toEqual([[error.t, true]]);
  });
});
