import { useState, type ReactNode } from 'react';
import { Topology } from '../src/ui/topology/Topology.tsx';
import { bigClusterNodeName, bigClusterTimeline } from '../src/ui/topology/bigCluster.fixture.ts';
import { SessionProvider } from '../src/ui/session/context.tsx';
import { createSessionStore } from '../src/ui/session/store.ts';
import { TraceProvider } from '../src/ui/shell/TraceContext.tsx';
import type { ThemeName } from '../src/ui/theme/themes.ts';
import type { Lang } from '../src/ui/i18n/translate.ts';
import { PLAYHEADS, StoryFrame, fixtureTimeline } from './harness.tsx';

/** The cluster diagram at interesting playheads of the hello trace, at its three zoom levels, in the four themes. */
export const Empty = () => (
  <StoryFrame t={PLAYHEADS.start}>
    <Topology />
  </StoryFrame>
);
export const ApiserverPipeline = () => (
  <StoryFrame t={PLAYHEADS.apiserverPipeline}>
    <Topology />
  </StoryFrame>
);
export const PodsUnscheduled = () => (
  <StoryFrame t={PLAYHEADS.podsUnscheduled}>
    <Topology />
  </StoryFrame>
);
export const ContainersCreating = () => (
  <StoryFrame t={PLAYHEADS.containersCreating}>
    <Topology />
  </StoryFrame>
);
export const AllRunning = () => (
  <StoryFrame t={PLAYHEADS.end}>
    <Topology />
  </StoryFrame>
);

const firstPodKey = (): string => {
  const end = fixtureTimeline.stateAt(fixtureTimeline.endTime);
  return [...end.objects.keys()].filter((k) => k.includes('/Pod/')).sort()[0] as string;
};
/** Pod level: one Pod, its containers and conditions. */
export const PodLevel = () => (
  <StoryFrame t={PLAYHEADS.end}>
    <Topology startAt={{ level: 'pod', pod: firstPodKey() }} />
  </StoryFrame>
);

/** Themes: light, dark (laptop), projector light and dark. */
export const ThemeDark = () => (
  <StoryFrame t={PLAYHEADS.containersCreating} theme="dark">
    <Topology />
  </StoryFrame>
);
export const ProjectorDarkJapanese = () => (
  <StoryFrame t={PLAYHEADS.containersCreating} theme="projector-dark" lang="ja">
    <Topology />
  </StoryFrame>
);
export const ProjectorLight = () => (
  <StoryFrame t={PLAYHEADS.podsUnscheduled} theme="projector-light">
    <Topology />
  </StoryFrame>
);

// A generated 1,000-node cluster (src/ui/topology/bigCluster.fixture.ts).
const big = bigClusterTimeline();

function BigFrame({ t, theme = 'light', lang = 'en', children }: { t: number; theme?: ThemeName; lang?: Lang; children: ReactNode }) {
  const [store] = useState(() => createSessionStore({ t, theme, lang, selection: null }));
  return (
    <SessionProvider store={store}>
      <TraceProvider timeline={big}>
        <div className="ka-root ka-chrome-minimal" data-theme={theme} lang={lang} style={{ width: 1200, height: 640, display: 'grid', gridTemplateRows: 'minmax(0, 1fr)', overflow: 'hidden' }}>
          {children}
        </div>
      </TraceProvider>
    </SessionProvider>
  );
}

/** Heatmap level: 1,000 nodes, ten NotReady and tainted, lease renewals in flight. */
export const HeatmapLevel = () => (
  <BigFrame t={big.endTime - 4000}>
    <Topology />
  </BigFrame>
);
export const HeatmapJapaneseProjectorDark = () => (
  <BigFrame t={big.endTime - 4000} theme="projector-dark" lang="ja">
    <Topology />
  </BigFrame>
);
/** Node level of the large cluster: a window of three node frames around node-0097 (NotReady). */
export const NodeLevel = () => (
  <BigFrame t={big.endTime - 4000}>
    <Topology startAt={{ level: 'nodes', node: bigClusterNodeName(96) }} />
  </BigFrame>
);

export default { title: 'Views/Topology' };
