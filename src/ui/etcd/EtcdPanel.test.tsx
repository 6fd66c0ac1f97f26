import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { Timeline } from '../../timeline/index.ts';
import { SessionProvider } from '../session/context.tsx';
import { createSessionStore, type SessionInit } from '../session/store.ts';
import { TraceProvider } from '../shell/TraceContext.tsx';
import { schedulingEvents, schedulingHeader } from '../scheduler/fixtures.ts';
import { EtcdPanel } from './EtcdPanel.tsx';
import { etcdOnlyEvents, etcdOnlyHeader, etcdRaftEvents, etcdRaftHeader } from './fixtures.ts';

const etcdOnly = new Timeline(etcdOnlyHeader);
etcdOnly.append(etcdOnlyEvents);
const cluster = new Timeline(schedulingHeader);
cluster.append(schedulingEvents);
const render = (tl: Timeline, init: SessionInit) =>
  renderToStaticMarkup(
    <SessionProvider store={createSessionStore(init)}>
      <TraceProvider timeline={tl}>
        <EtcdPanel />
      </TraceProvider>
    </SessionProvider>,
  );
const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');

describe('EtcdPanel markup', () => {
  it('shows an etcd-only trace: revision 4, compacted at 3, one leader, the key with its revisions', () => {
    const html = render(etcdOnly, { t: etcdOnly.endTime });
    expect(text(html)).toContain('revision 4');
    expect(text(html)).toContain('compacted below 3');
    expect(html).toContain('title="compacted at 3"');
    expect(html).toContain('data-role="leader"');
    expect(html).toMatch(/data-revision="2"[^>]*>2</);
    expect(html).toMatch(/class="ka-rev is-compacted"[^>]*data-revision="2"/);
    expect(html).toMatch(/class="ka-rev is-compact-mark"[^>]*data-revision="3"/);
    const key = html.match(/data-key="\/registry\/deployments\/default\/web"[\s\S]*?<\/li>/)?.[0] ?? '';
    // create_revision 2, mod_revision 4, version 3, no lease.
    expect(text(key)).toMatch(/web 2 4 3 —/);
  });

  it('moves with the playhead: before the first put there is no key', () => {
    const firstPut = etcdOnlyEvents.find((e) => e.kind === 'span' && e.op === 'Put');
    const html = render(etcdOnly, { t: (firstPut?.t ?? 1) - 1 });
    expect(html).not.toContain('data-testid="etcd-key"');
    expect(text(html)).toContain('revision 1');
    expect(text(html)).toContain('No key has been written yet.');
  });

  it('highlights the key written by the last change, and speaks Japanese', () => {
    const put = [...schedulingEvents].reverse().find((e) => e.kind === 'span' && e.op === 'Put');
    const html = render(cluster, { t: put?.t ?? 0, lang: 'ja' });
    expect(html).toContain(`class="ka-key is-changed" data-key="${String(put?.attrs?.key)}"`);
    expect(html.match(/class="ka-key is-changed"/g)).toHaveLength(1);
    expect(text(html)).toContain('最後の変更');
    expect(text(html)).toContain('リーダー');
  });

  it('draws three raft members: one leader in term 2, then none when the quorum is lost (etcd-raft)', () => {
    const raft = new Timeline(etcdRaftHeader);
    raft.append(etcdRaftEvents);
    const roles = (html: string) => [...html.matchAll(/data-role="([\w-]+)"/g)].map((m) => m[1]);
    const elected = render(raft, { t: 1_000_000 });
    expect(roles(elected)).toEqual(['follower', 'leader', 'follower']);
    expect(text(elected)).toContain('term 2');
    const noQuorum = render(raft, { t: 8_000_000 });
    expect(roles(noQuorum)).not.toContain('leader');
    expect(roles(noQuorum).filter((r) => r === 'stopped')).toHaveLength(2);
    expect(text(noQuorum)).toContain('No leader: an election is under way, writes wait.');
    // Each member recorded the same Puts: counted once.
    expect(text(render(raft, { t: raft.endTime }))).toContain('1 key');
  });

  it('says so when the trace has no etcd', () => {
    const empty = new Timeline(etcdOnlyHeader);
    expect(text(render(empty, { t: 0 }))).toContain('This trace has no etcd activity yet.');
  });
});
