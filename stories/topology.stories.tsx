import { Topology } from '../src/ui/topology/Topology.tsx';
import { PLAYHEADS, StoryFrame } from './harness.tsx';

/** The cluster diagram at interesting playheads of the hello trace. */
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

export default { title: 'Views/Topology' };
