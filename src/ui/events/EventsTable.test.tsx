import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { Timeline } from '../../timeline/index.ts';
import type { TraceEvent } from '../../trace/schema.ts';
import { SessionProvider } from '../session/context.tsx';
import { createSessionStore, type SessionInit } from '../session/store.ts';
import { TraceProvider } from '../shell/TraceContext.tsx';
import { crashloopEvents, crashloopHeader } from '../statechart/fixtures.ts';
import { EventsTable } from './EventsTable.tsx';

const tl = new Timeline(crashloopHeader);
tl.append(crashloopEvents);
const render = (init: SessionInit, timeline = tl) =>
  renderToStaticMarkup(
    <SessionProvider store={createSessionStore(init)}>
      <TraceProvider timeline={timeline}>
        <EventsTable />
      </TraceProvider>
    </SessionProvider>,
  );
const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/&quot;/g, '"').replace(/&amp;/g, '&').replace(/\s+/g, ' ');
const first = (reason: string) => crashloopEvents.find((e) => e.kind === 'event' && e.op === reason)!;

describe('EventsTable markup', () => {
  it("has kubectl's columns and rows at the playhead, LAST SEEN relative to it", () => {
    const pulled = first('Pulled');
    const html = render({ t: pulled.t + 1_000_000 });
    expect(html).toContain('data-testid="events-table"');
    expect(text(html)).toContain('LAST SEEN TYPE REASON OBJECT MESSAGE');
    expect(text(html)).toContain('1s Normal Pulled pod/crash Successfully pulled image "busybox:1.36"');
    expect(text(html)).not.toContain('BackOff');
  });

  it('shows a repeated Warning once, with its count, coloured', () => {
    const last = [...crashloopEvents].reverse().find((e) => e.op === 'BackOff')!;
    const html = render({ t: last.t });
    expect(html.match(/class="ka-events-row is-warning/g)).toHaveLength(1);
    expect(text(html)).toContain(`0s (x${String(last.attrs!.count)} over`);
    expect(text(html)).toContain('Warning BackOff pod/crash Back-off restarting failed container app in pod crash_default');
  });

  it('marks the selected Event, in Japanese chrome with kubectl headers kept', () => {
    const started = first('Started');
    const html = render({ t: started.t, lang: 'ja', selection: { type: 'event', seq: started.seq } });
    expect(html).toMatch(/aria-selected="true"[^>]*data-seq="\d+"/);
    expect(text(html)).toContain('すべて');
    expect(text(html)).toContain('LAST SEEN');
  });

  it('draws only the rows in view of a long list', () => {
    const many: TraceEvent[] = Array.from({ length: 5_000 }, (_, i) => ({
      seq: i + 1,
      t: i * 1_000,
      kind: 'event',
      src: 'sim',
      actor: 'kubelet/node-1',
      op: 'Pulled',
      ref: { apiVersion: 'v1', kind: 'Pod', namespace: 'default', name: `p-${i}` },
      attrs: { type: 'Normal', reason: 'Pulled', message: 'Container image "nginx:1.27" already present on machine', count: 1, name: `p-${i}.1` },
    }));
    const big = new Timeline(crashloopHeader);
    big.append(many);
    const html = render({ t: big.endTime }, big);
    const drawn = html.match(/data-testid="events-row"/g)?.length ?? 0;
    expect(drawn).toBeGreaterThan(10);
    expect(drawn).toBeLessThan(100);
    expect(html).toContain('aria-rowcount="5001"');
  });

  it('is one tab stop: only the active row (the selected Event, else the newest) has tabindex 0', () => {
    const started = first('Started');
    const last = [...crashloopEvents].reverse().find((e) => e.op === 'BackOff')!;
    const stops = (html: string) => [...html.matchAll(/<div[^>]*role="row"[^>]*tabindex="0"[^>]*data-seq="(\d+)"/g)].map((m) => m[1]);
    const plain = render({ t: last.t });
    expect(stops(plain)).toHaveLength(1);
    expect(plain.match(/role="row"[^>]*tabindex="-1"/g)?.length ?? 0).toBeGreaterThan(0);
    const rows = [...plain.matchAll(/role="row"[^>]*data-seq="(\d+)"/g)].map((m) => m[1]);
    expect(stops(plain)[0]).toBe(rows[rows.length - 1]);
    const withSel = render({ t: last.t, selection: { type: 'event', seq: started.seq } });
    expect(withSel).toMatch(/aria-selected="true" tabindex="0"/);
    expect(stops(withSel)).toHaveLength(1);
  });
});
