import { useState, type ReactNode } from 'react';
import type { Micros } from '../src/base/time.ts';
import { Timeline } from '../src/timeline/index.ts';
import type { TraceEvent } from '../src/trace/schema.ts';
import { helloEvents, helloHeader } from '../src/ui/fixtures/helloTrace.ts';
import { SessionProvider } from '../src/ui/session/context.tsx';
import { createSessionStore, type Selection } from '../src/ui/session/store.ts';
import { TraceProvider } from '../src/ui/shell/TraceContext.tsx';
import { Swimlane } from '../src/ui/swimlane/Swimlane.tsx';
import { Topology } from '../src/ui/topology/Topology.tsx';
import { Inspector } from '../src/ui/inspector/Inspector.tsx';
import type { ThemeName } from '../src/ui/theme/themes.ts';
import '../src/ui/styles.css';

/**
 * How a replay shows what its importers filled in (issue 5, item 4), over the hello trace
 * relabelled as a replay: the CRI calls and the runtime's spans as an importer would infer them
 * (`inferred: true`), the object changes with a time the merge moved (`attrs.tClamped`).
 */
const replayEvents: TraceEvent[] = helloEvents.map((e) => {
  const runtime = e.actor.startsWith('containerd/') || e.actor.startsWith('runc/');
  const cri = e.kind === 'message' && e.actor.startsWith('kubelet/') && (e.to ?? '').startsWith('containerd/');
  if (runtime || cri) return { ...e, src: 'ctr-events', inferred: true, attrs: { ...e.attrs, causeInferred: true, causeRule: 'cri-request-before-runtime-event' } };
  if (e.kind === 'object') return { ...e, src: 'audit', attrs: { ...e.attrs, tClamped: true } };
  return { ...e, src: 'audit' };
});
const replayTimeline = new Timeline({ ...helloHeader, sources: ['audit', 'ctr-events'] });
replayTimeline.append(replayEvents);
const firstInferred = replayEvents.find((e) => e.inferred)!;

function Frame({ t, theme = 'light', selection = null, height = 420, children }: { t: Micros; theme?: ThemeName; selection?: Selection; height?: number; children: ReactNode }) {
  const [store] = useState(() => createSessionStore({ t, theme, lang: 'en', selection }));
  return (
    <SessionProvider store={store}>
      <TraceProvider timeline={replayTimeline}>
        <div className="ka-root ka-chrome-minimal" data-theme={theme} style={{ width: 1200, height, display: 'grid', gridTemplateRows: 'minmax(0, 1fr)', overflow: 'hidden' }}>
          {children}
        </div>
      </TraceProvider>
    </SessionProvider>
  );
}

export const SwimlaneInferred = () => (
  <Frame t={firstInferred.t + 2_000} height={320}>
    <Swimlane />
  </Frame>
);
export const SwimlaneInferredProjectorDark = () => (
  <Frame t={firstInferred.t + 2_000} height={360} theme="projector-dark">
    <Swimlane />
  </Frame>
);
export const TopologyInferred = () => (
  <Frame t={firstInferred.t + (firstInferred.dur ?? 0) / 2}>
    <div className="ka-topology-wrap">
      <Topology />
    </div>
  </Frame>
);
export const InspectorInferredStep = () => (
  <Frame t={firstInferred.t} selection={{ type: 'event', seq: firstInferred.seq }} height={520}>
    <Inspector />
  </Frame>
);

export default { title: 'Replay/Inferred steps' };
