import { renderToStaticMarkup } from 'react-dom/server';
import { beforeAll, describe, expect, it } from 'vitest';
import { Timeline } from '../../timeline/index.ts';
import { TRACE_FORMAT, TRACE_VERSION, type TraceEvent } from '../../trace/schema.ts';
import { helloTimeline } from '../fixtures/fixtureTimeline.ts';
import { createSessionStore, type SessionInit } from '../session/store.ts';
import { preloadWorkbenchViews, Workbench } from '../shell/Workbench.tsx';

// Inferred steps in the views' markup (issue 5, item 4): the legends, the inspector's note and
// the topology's dashed message. Server rendering draws no canvas; the swimlane's drawing style
// is tested in src/ui/swimlane/inferredStyle.test.ts.
const replayed: TraceEvent[] = [
  { seq: 1, t: 0, kind: 'message', actor: 'kubectl', to: 'kube-apiserver', op: 'GET /api/v1/namespaces/default/pods?watch=true', src: 'watch', dur: 10 },
  { seq: 2, t: 5, kind: 'message', actor: 'kube-apiserver', to: 'kubectl', op: 'END_STREAM', src: 'watch', inferred: true, cause: 1, dur: 1_000, attrs: { causeInferred: true, causeRule: 'watch-ends-after-error' } },
  { seq: 3, t: 7, kind: 'object', actor: 'kube-apiserver', op: 'MODIFIED', src: 'audit', ref: { apiVersion: 'v1', kind: 'Pod', namespace: 'default', name: 'web-0' }, attrs: { tClamped: true } },
];
const header = { format: TRACE_FORMAT, version: TRACE_VERSION, sources: ['watch', 'audit'], timeOrigin: '2024-05-14T09:00:00Z' } as const;
const timeline = new Timeline({ ...header, sources: [...header.sources] });
timeline.append(replayed);

const render = (tl: Timeline, init: SessionInit) => renderToStaticMarkup(<Workbench timeline={tl} store={createSessionStore(init)} />);
const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');

describe('inferred steps in the views', () => {
  // The inspector is loaded on demand: once loaded it renders at once.
  beforeAll(() => preloadWorkbenchViews());

  it('shows the legend with the counts in the swimlane and the topology, in English and Japanese', () => {
    const html = render(timeline, { t: 6, lang: 'en' });
    const legends = [...html.matchAll(/data-testid="inferred-legend" data-inferred="(\d+)" data-time-adjusted="(\d+)"/g)];
    expect(legends.map((m) => [m[1], m[2]])).toEqual([
      ['1', '1'],
      ['1', '1'],
    ]);
    expect(text(html)).toContain('inferred step 1');
    expect(html).toContain('title="inferred by the importer"');
    expect(text(render(timeline, { t: 6, lang: 'ja' }))).toContain('推定されたステップ 1');
  });

  it('draws the inferred message in flight dashed (class is-inferred) and the recorded one as before', () => {
    const html = render(timeline, { t: 6 });
    const dots = [...html.matchAll(/<g class="(ka-dot[^"]*)" data-testid="message-dot"/g)].map((m) => m[1]);
    expect(dots).toHaveLength(2);
    expect(dots.filter((c) => c?.includes('is-inferred'))).toHaveLength(1);
  });

  it('says in the inspector which importer inferred the step and by which rule its cause was linked', () => {
    const html = render(timeline, { t: 6, selection: { type: 'event', seq: 2 } });
    expect(html).toMatch(/data-testid="provenance" data-src="watch" data-inferred="true"/);
    expect(text(html)).toContain('Inferred by the watch importer: the recording does not hold this step.');
    expect(text(html)).toContain('Its cause link was inferred (rule watch-ends-after-error).');
    const ja = text(render(timeline, { t: 6, lang: 'ja', selection: { type: 'event', seq: 2 } }));
    expect(ja).toContain('watch インポーターが推定したステップです。');
    const moved = text(render(timeline, { t: 8, selection: { type: 'event', seq: 3 } }));
    expect(moved).toContain('Importer audit');
    expect(moved).toContain('time moved to keep causes before effects');
    expect(moved).not.toContain('Inferred by');
  });

  it('changes nothing for a simulated trace: no legend, no provenance', () => {
    const hello = helloTimeline();
    const html = render(hello, { t: hello.endTime, selection: { type: 'event', seq: 5 } });
    expect(html).not.toContain('inferred-legend');
    expect(html).not.toContain('data-testid="provenance"');
  });
});
