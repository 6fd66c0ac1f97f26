import { Swimlane } from '../src/ui/swimlane/Swimlane.tsx';
import { PLAYHEADS, StoryFrame } from './harness.tsx';

/** The swimlane timeline: one lane per actor; wheel to zoom, drag to pan, drag the axis to scrub. */
export const MidTrace = () => (
  <StoryFrame t={PLAYHEADS.containersCreating} height={320}>
    <Swimlane />
  </StoryFrame>
);
export const SelectedEvent = () => (
  <StoryFrame t={PLAYHEADS.containersCreating} height={320} selection={{ type: 'event', seq: 40 }}>
    <Swimlane />
  </StoryFrame>
);
export const ProjectorDark = () => (
  <StoryFrame t={PLAYHEADS.pullingImage} height={360} theme="projector-dark">
    <Swimlane />
  </StoryFrame>
);

export default { title: 'Views/Swimlane' };
