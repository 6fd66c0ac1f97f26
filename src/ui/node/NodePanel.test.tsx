import { renderToStaticMarkup } from 'react-dom/server';
import { beforeAll, describe, expect, it } from 'vitest';
import { Timeline } from '../../timeline/index.ts';
import type { TraceHeader } from '../../trace/schema.ts';
import { SessionProvider } from '../session/context.tsx';
import { createSessionStore, type SessionInit } from '../session/store.ts';
import { TraceProvider } from '../shell/TraceContext.tsx';
import { nodeEvents, nodeHeader } from './fixtures.ts';
import { NodeColumn, NodePanel } from './NodePanel.tsx';

const timelineOf = (header: TraceHeader) => {
  const tl = new Timeline(header);
  tl.append(nodeEvents);
  return tl;
};
const tl = timelineOf(nodeHeader);
const render = (init: SessionInit, timeline = tl) =>
  renderToStaticMarkup(
    <SessionProvider store={createSessionStore(init)}>
      <TraceProvider timeline={timeline}>
        <NodePanel />
      </TraceProvider>
    </SessionProvider>,
  );
const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
const web = { type: 'object' as const, key: 'v1/Pod/default/web' };

describe('NodePanel markup', () => {
  // The body is loaded on demand: once loaded it renders at once.
  beforeAll(async () => {
    await NodeColumn.preload();
  });

  it('shows the selected Pod\'s node with its parts and their test hooks', () => {
    const html = render({ t: tl.endTime, selection: web });
    for (const id of ['node-panel', 'node-summary', 'node-boundary', 'node-processes', 'node-pods', 'node-namespaces', 'node-mounts', 'node-overlay', 'node-cgroups']) expect(html, id).toContain(`data-testid="${id}"`);
    expect(html).toContain('data-node="node-1"');
    expect(html).toContain('data-runtime="runc"');
    expect(text(html)).toContain('Linux 6.12.48+deb13-amd64');
    expect(text(html)).toContain('containerd://2.1.4');
  });

  // chain.ts: kubelet → containerd (CRI) → runc, each hop reached once the trace sent down it.
  it('shows the request path kubelet → containerd → runc with the calls each link saw', () => {
    const html = render({ t: tl.endTime, selection: web });
    expect(html).toContain('data-testid="node-chain"');
    expect(html).toMatch(/data-hop="containerd" data-calls="[1-9]\d*"/);
    expect(html).toMatch(/data-hop="runc" data-calls="[1-9]\d*"/);
    expect(text(html)).toContain('Request path');
    expect(html).toContain('title="CRI over gRPC (unix socket)"');
  });

  it('draws the namespaces as boxes: the pod netns spans the three containers, made by containerd', () => {
    const html = render({ t: tl.endTime, selection: web });
    const netns = nodeEvents.find((e) => e.op === 'create network namespace')?.attrs?.['path'];
    const box = html.match(/<div[^>]*data-ns-kind="net"[^>]*data-from="1"[^>]*>/)?.[0] ?? '';
    expect(box).toContain('data-to="3"');
    expect(box).toContain(`data-path="${netns}"`);
    expect(box).toContain('data-scope="pod"');
    expect(text(html)).toContain('made by containerd');
    expect(text(html)).toContain('made by pause');
  });

  it('shows only the node\'s own runtime: runc\'s boundary, not gVisor\'s or Kata\'s', () => {
    const html = render({ t: tl.endTime, selection: web });
    expect(text(html)).toContain('namespaces · cgroups · seccomp · capabilities');
    expect(text(html)).toContain('isolation boundary');
    expect(html).not.toContain('Sentry');
    expect(html).not.toContain('Firecracker');
    // One runtime in the cluster: nothing to put side by side.
    expect(html).not.toContain('data-testid="node-compare"');
  });

  it('offers a side-by-side view when another node runs a different low-level runtime', () => {
    // No trace of a second runtime exists yet: a header-only node (no events) stands for it.
    const two = timelineOf({ ...nodeHeader, cluster: { nodes: [...(nodeHeader.cluster?.nodes ?? []), { name: 'node-2', runtime: 'containerd+runsc' }] } });
    const html = render({ t: two.endTime, selection: web }, two);
    expect(html).toContain('data-testid="node-compare"');
    expect(html).toContain('data-testid="node-picker"');
    expect(text(html)).toContain('node-2 · containerd+runsc');
    // Until a second node is picked, only node-1's column is drawn.
    expect(html.match(/data-testid="node-column"/g)).toHaveLength(1);
  });

  it('follows the playhead: before anything happened on the node, no Pod', () => {
    expect(text(render({ t: 0 }))).toContain('No Pod on this node yet at the playhead.');
  });

  it('speaks Japanese, keeping kernel names and paths as they are', () => {
    const html = render({ t: tl.endTime, selection: web, lang: 'ja' });
    expect(text(html)).toContain('ノードの内部');
    expect(text(html)).toContain('隔離の境界');
    expect(text(html)).toContain('containerd が作成');
    expect(html).toContain('<code>pid</code>');
    expect(html).toContain('<code>net</code>');
  });

  it('folds to its header', () => {
    const html = renderToStaticMarkup(
      <SessionProvider store={createSessionStore({ t: tl.endTime })}>
        <TraceProvider timeline={tl}>
          <NodePanel collapsed />
        </TraceProvider>
      </SessionProvider>,
    );
    expect(html).toContain('is-collapsed');
    expect(html).not.toContain('data-testid="node-namespaces"');
  });
});
