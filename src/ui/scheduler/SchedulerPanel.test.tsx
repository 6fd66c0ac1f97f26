import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { Timeline } from '../../timeline/index.ts';
import { SessionProvider } from '../session/context.tsx';
import { createSessionStore, type SessionInit } from '../session/store.ts';
import { TraceProvider } from '../shell/TraceContext.tsx';
import { schedulingEvents, schedulingHeader } from './fixtures.ts';
import { SchedulerPanel } from './SchedulerPanel.tsx';

const tl = new Timeline(schedulingHeader);
tl.append(schedulingEvents);
const render = (init: SessionInit) =>
  renderToStaticMarkup(
    <SessionProvider store={createSessionStore(init)}>
      <TraceProvider timeline={tl}>
        <SchedulerPanel />
      </TraceProvider>
    </SessionProvider>,
  );
const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
const pod = (name: string) => ({ type: 'object' as const, key: `v1/Pod/default/${name}` });

describe('SchedulerPanel markup', () => {
  it('explains a failed attempt with the FailedScheduling message', () => {
    const html = render({ t: tl.endTime, selection: pod('big') });
    expect(html).toContain('data-pod="big"');
    expect(text(html)).toContain('No node fits: the Pod stays Pending');
    expect(html).toContain('data-code="UnschedulableAndUnresolvable"');
    expect(text(html)).toContain('Insufficient cpu');
    expect(text(html)).toContain('Warning FailedScheduling default-scheduler 0/3 nodes are available: 1 node(s) had untolerated taint {dedicated: db}, 2 Insufficient cpu.');
    expect(html).not.toContain('data-testid="scheduler-score"');
  });

  it('explains a successful attempt: scores, totals and the chosen node', () => {
    const html = render({ t: tl.endTime, selection: pod('small') });
    expect(text(html)).toContain('Scheduled on node-3');
    expect(html).toContain('data-testid="scheduler-score"');
    expect(text(html.match(/data-testid="scheduler-chosen"[\s\S]*?<\/td>/)?.[0] ?? '')).toContain('486');
    expect(text(html)).toContain('100 × 3');
  });

  it('follows the newest cycle when no Pod is selected, and asks for one before any', () => {
    expect(render({ t: tl.endTime })).toContain('data-pod="small"');
    expect(text(render({ t: 0 }))).toContain('kube-scheduler has not scheduled any Pod yet at the playhead.');
  });

  it('speaks Japanese', () => {
    const html = render({ t: tl.endTime, selection: pod('small'), lang: 'ja' });
    expect(text(html)).toContain('node-3 にスケジュール済み');
    expect(text(html)).toContain('合計');
  });
});
