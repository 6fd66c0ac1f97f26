import { describe, expect, it } from 'vitest';
import { toRfc3339Micro } from '../../base/time.ts';
import type { KubeObject } from '../../domain/k8s/objects.ts';
import type { TraceEvent } from '../../trace/schema.ts';
import type { AuditLog } from '../components/apiserver/audit.ts';
import { TestCluster } from '../components/apiserver/test-cluster.ts';
import type { Actor, Delivery } from '../runtime/actor.ts';
import type { Simulation } from '../runtime/simulation.ts';
import { ApiClient } from './client.ts';
import { Informer } from './informer.ts';

const CONFIGMAPS = '/api/v1/namespaces/default/configmaps';
const SECOND = 1_000_000;

function configMap(name: string): KubeObject {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'default' }, data: { n: name } };
}

/**
 * The process a reflector runs in. `pause()` stops it reading its connection, as a process
 * stopped (SIGSTOP) or a suspended VM does: what the apiserver sends waits, in order, until
 * `resume()`. Meanwhile the apiserver may end the watch, and what happens after that is not
 * sent at all: that is how a reflector falls behind the watch cache's window.
 */
class ReflectorHost implements Actor {
  readonly id = 'kube-controller-manager/test-controller';
  readonly host = 'control-plane';
  readonly api: ApiClient;
  private paused = false;
  private readonly held: Delivery[] = [];

  constructor(sim: Simulation) {
    this.api = new ApiClient(sim, this.id, { user: 'system:kube-controller-manager', groups: ['system:authenticated'], userAgent: 'kube-controller-manager/v1.34.2 (linux/amd64) kubernetes/test-controller' });
    sim.network.register(this);
  }

  receive(msg: Delivery): void {
    if (this.paused) this.held.push(msg);
    else this.api.handle(msg);
  }

  pause(): void {
    this.paused = true;
  }

  resume(): void {
    this.paused = false;
    for (const msg of this.held.splice(0)) this.api.handle(msg);
  }
}

/** An informer on the default namespace's ConfigMaps whose handler calls are written down. */
function informerOn(c: TestCluster) {
  const host = new ReflectorHost(c.sim);
  const calls: string[] = [];
  const name = (o: KubeObject): string => o.metadata.name ?? '';
  const informer = new Informer(host.api, CONFIGMAPS, {
    onAdd: (o) => calls.push(`add ${name(o)}`),
    onUpdate: (old, o) => calls.push(`update ${name(o)} ${old.metadata.resourceVersion}->${o.metadata.resourceVersion}`),
    onDelete: (o, _cause, finalStateUnknown) => calls.push(`delete ${name(o)}${finalStateUnknown ? ' (final state unknown)' : ''}`),
    onSynced: () => calls.push('synced'),
  });
  return { host, calls, informer };
}

function messages(c: TestCluster, pred: (e: TraceEvent) => boolean): TraceEvent[] {
  return c.events.filter((e) => e.kind === 'message' && pred(e));
}

/** The watch requests the reflector sent, in order. */
function watchRequests(c: TestCluster, host: ReflectorHost): TraceEvent[] {
  return messages(c, (e) => e.actor === host.id && e.op.startsWith(`GET ${CONFIGMAPS}?`));
}

function queryOf(e: TraceEvent | undefined): Record<string, string> {
  return (e?.attrs?.query ?? {}) as Record<string, string>;
}

/** The audit lines of one request, found through the auditID of the apiserver's answer to it. */
function auditOf(c: TestCluster, request: TraceEvent | undefined): { stage: string; stageTimestamp: string; responseStatus?: { code: number } }[] {
  const answer = messages(c, (e) => e.actor === 'kube-apiserver' && e.attrs?.replyTo === request?.attrs?.id && e.op === '200 OK')[0];
  const auditID = answer?.attrs?.auditID;
  return auditLog(c).lines.map((l) => JSON.parse(l) as { auditID: string; stage: string; stageTimestamp: string }).filter((l) => l.auditID === auditID);
}

function auditLog(c: TestCluster): AuditLog {
  const audit = c.cluster.kubernetes?.apiserver.audit;
  if (!audit) throw new Error('the test cluster runs no kube-apiserver');
  return audit;
}

function at(c: TestCluster, t: number): string {
  return toRfc3339Micro(c.sim.timeOrigin, t);
}

describe('Informer: the reflector of client-go tools/cache/reflector.go and the_real_fifo.go Replace', () => {
  it('lists with a streaming list, then watches with bookmarks and a timeout of 5 to 10 minutes', () => {
    const c = new TestCluster();
    c.create(configMap('a'));
    const { host, calls, informer } = informerOn(c);
    informer.start();
    c.runFor(10_000);
    expect(calls).toEqual(['add a', 'synced']);
    const [first] = watchRequests(c, host);
    const q = queryOf(first);
    const seconds = Number(q.timeoutSeconds);
    expect(seconds).toBeGreaterThanOrEqual(300);
    expect(seconds).toBeLessThan(600);
    // url.Values sorts the keys; `timeout` is the Go duration the typed client adds.
    expect(Object.keys(q)).toEqual(['allowWatchBookmarks', 'resourceVersionMatch', 'sendInitialEvents', 'timeout', 'timeoutSeconds', 'watch']);
    expect(q).toMatchObject({ allowWatchBookmarks: 'true', resourceVersionMatch: 'NotOlderThan', sendInitialEvents: 'true', timeout: `${Math.floor(seconds / 60)}m${seconds % 60}s`, watch: 'true' });
    expect(informer.resourceVersion).toMatch(/^\d+$/);
  });

  it('watches again from the last resourceVersion when the apiserver ends the stream, and the audit log completes the watch', () => {
    const c = new TestCluster();
    auditLog(c).enable();
    c.create(configMap('a'));
    const { host, calls, informer } = informerOn(c);
    informer.start();
    c.runFor(10_000);
    const [first] = watchRequests(c, host);
    c.runFor(Number(queryOf(first).timeoutSeconds) * SECOND);
    const ended = messages(c, (e) => e.op === 'END_STREAM' && e.to === host.id);
    expect(ended).toHaveLength(1);
    // The last bookmark came 2 s before the deadline (cache_watcher.go nextBookmarkTime).
    const bookmarks = messages(c, (e) => e.op === 'WATCH BOOKMARK' && e.to === host.id);
    const last = bookmarks[bookmarks.length - 1] as TraceEvent;
    expect((ended[0] as TraceEvent).t - last.t).toBeLessThanOrEqual(2 * SECOND);
    expect((ended[0] as TraceEvent).t - last.t).toBeGreaterThan(SECOND);
    const [, again] = watchRequests(c, host);
    expect(again?.cause).toBe(ended[0]?.seq);
    expect(queryOf(again)).toMatchObject({ allowWatchBookmarks: 'true', resourceVersion: String(last.attrs?.resourceVersion), watch: 'true' });
    expect(queryOf(again)).not.toHaveProperty('sendInitialEvents');
    expect(calls).toEqual(['add a', 'synced']);
    expect(auditOf(c, first).map((l) => l.stage)).toEqual(['RequestReceived', 'ResponseStarted', 'ResponseComplete']);
    expect(auditOf(c, first)[2]).toMatchObject({ stageTimestamp: at(c, (ended[0] as TraceEvent).t), responseStatus: { code: 200 } });
    expect(auditOf(c, again).map((l) => l.stage)).toEqual(['RequestReceived', 'ResponseStarted']);
    c.create(configMap('b'));
    c.runFor(10_000);
    expect(calls).toEqual(['add a', 'synced', 'add b']);
  });

  it('relists after a 410 on its watch once it fell behind the window: the store matches the server again, with the handler calls of client-go', () => {
    const c = new TestCluster();
    auditLog(c).enable();
    for (const n of ['a', 'b', 'c']) c.create(configMap(n));
    const { host, calls, informer } = informerOn(c);
    informer.start();
    c.runFor(10_000);
    expect(calls).toEqual(['add a', 'add b', 'add c', 'synced']);
    calls.length = 0;
    const [first] = watchRequests(c, host);
    const deadline = (first as TraceEvent).t + Number(queryOf(first).timeoutSeconds) * SECOND;
    c.runFor(deadline - 5 * SECOND - c.sim.now);
    host.pause();
    c.runFor(6 * SECOND);
    const ended = messages(c, (e) => e.op === 'END_STREAM' && e.to === host.id);
    expect(ended).toHaveLength(1);
    // After the end of the stream: b changes, c goes, and 110 ConfigMaps come, one a second, so
    // the window (100 events, grown only while its oldest is younger than 75 s) loses the oldest.
    c.request('PATCH', `${CONFIGMAPS}/b`, { body: { data: { n: 'b2' } }, contentType: 'application/merge-patch+json' });
    expect(c.request('DELETE', `${CONFIGMAPS}/c`).code).toBe(200);
    for (let i = 0; i < 110; i++) {
      c.runFor(SECOND);
      c.create(configMap(`cm-${i}`));
    }
    host.resume();
    c.runFor(5 * SECOND);

    const [, rewatch, relist, more] = watchRequests(c, host);
    const lastRV = queryOf(rewatch).resourceVersion;
    expect(lastRV).toMatch(/^\d+$/);
    expect(queryOf(rewatch)).not.toHaveProperty('sendInitialEvents');
    const rvs = c.events.filter((e) => e.kind === 'object' && e.ref?.kind === 'ConfigMap').map((e) => Number(e.attrs?.resourceVersion));
    const error = messages(c, (e) => e.op === 'WATCH ERROR' && e.to === host.id);
    expect(error.map((e) => e.attrs?.message)).toEqual([`too old resource version: ${lastRV} (${(rvs[rvs.length - 100] as number) - 1})`]);
    // The relist: a streaming list from the same resourceVersion, after the backoff, caused by the relist span.
    const span = c.events.find((e) => e.kind === 'span' && e.actor === host.id && e.op === 'watchList');
    expect(span).toMatchObject({ cause: error[0]?.seq, attrs: { relist: true, reason: 'Expired', code: 410, resourceVersion: lastRV } });
    expect((span as TraceEvent).t - (error[0] as TraceEvent).t).toBeGreaterThanOrEqual(800_000);
    expect((span as TraceEvent).t - (error[0] as TraceEvent).t).toBeLessThan(1_700_000);
    expect(relist?.cause).toBe(span?.seq);
    expect(queryOf(relist)).toMatchObject({ resourceVersion: lastRV, resourceVersionMatch: 'NotOlderThan', sendInitialEvents: 'true' });
    expect(more).toBeUndefined();

    // Replace: the tombstone first, then the list in order; `a`, unchanged, is a resync nobody listens to.
    const b = c.request('GET', `${CONFIGMAPS}/b`).body as KubeObject;
    expect(calls[0]).toBe('delete c (final state unknown)');
    expect(calls[1]).toMatch(new RegExp(`^update b \\d+->${b.metadata.resourceVersion}$`));
    expect(calls.slice(2)).toEqual(Array.from({ length: 110 }, (_, i) => `add cm-${i}`));
    expect(c.events.find((e) => e.kind === 'span' && e.actor === host.id && e.op === 'Replace')?.attrs).toMatchObject({ items: 112, deleted: 1, updated: 1, added: 110, unchanged: 1 });
    const server = (c.request('GET', CONFIGMAPS).body as { items: KubeObject[] }).items;
    const view = (objs: KubeObject[]): string[] => objs.map((o) => `${o.metadata.name}@${o.metadata.resourceVersion}`).sort();
    expect(view(informer.list())).toEqual(view(server));
    expect(calls.filter((x) => x === 'synced')).toHaveLength(0);

    // Every watch that ended has its ResponseComplete; the relist's stream is still open.
    expect(auditOf(c, first).map((l) => l.stage)).toEqual(['RequestReceived', 'ResponseStarted', 'ResponseComplete']);
    expect(auditOf(c, rewatch).map((l) => [l.stage, l.responseStatus?.code])).toEqual([
      ['RequestReceived', undefined],
      ['ResponseStarted', 200],
      ['ResponseComplete', 200],
    ]);
    expect(auditOf(c, relist).map((l) => l.stage)).toEqual(['RequestReceived', 'ResponseStarted']);

    // The relist's stream goes on as the watch.
    calls.length = 0;
    c.create(configMap('late'));
    c.runFor(10_000);
    expect(calls).toEqual(['add late']);
  });

  it('stops: the stream is reset, the apiserver forgets the watcher and completes its audit', () => {
    const c = new TestCluster();
    auditLog(c).enable();
    const { host, calls, informer } = informerOn(c);
    informer.start();
    c.runFor(10_000);
    informer.stop();
    c.runFor(10_000);
    const [first] = watchRequests(c, host);
    const reset = messages(c, (e) => e.op === 'RST_STREAM' && e.actor === host.id);
    expect(reset.map((e) => e.attrs)).toEqual([{ id: expect.any(Number), stream: first?.attrs?.id, errorCode: 'CANCEL' }]);
    expect(auditOf(c, first).map((l) => l.stage)).toEqual(['RequestReceived', 'ResponseStarted', 'ResponseComplete']);
    expect(auditOf(c, first)[2]?.stageTimestamp).toBe(at(c, (reset[0] as TraceEvent).t + 250));
    c.create(configMap('a'));
    c.runFor(10_000);
    expect(messages(c, (e) => e.to === host.id && e.op.startsWith('WATCH ') && e.t > (reset[0] as TraceEvent).t)).toEqual([]);
    expect(calls).toEqual(['synced']);
  });
});
