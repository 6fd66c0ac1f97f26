import { Controls } from '../src/ui/controls/Controls.tsx';
import { Settings } from '../src/ui/controls/Settings.tsx';
import { PLAYHEADS, StoryFrame } from './harness.tsx';

/** Playback controls and the language/theme switches. */
export const AtStart = () => (
  <StoryFrame t={PLAYHEADS.start} height={64}>
    <Controls />
  </StoryFrame>
);
export const MidTraceJapanese = () => (
  <StoryFrame t={PLAYHEADS.containersCreating} height={64} lang="ja">
    <Controls />
  </StoryFrame>
);
export const Switches = () => (
  <StoryFrame t={PLAYHEADS.start} height={64} theme="projector-light">
    <Settings />
  </StoryFrame>
);

export default { title: 'Views/Controls' };
