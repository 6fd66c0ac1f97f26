import { useState, type ReactNode } from 'react';
import { Swimlane } from '../src/ui/swimlane/Swimlane.tsx';
import { useSessionStore } from '../src/ui/session/context.tsx';
import { swimlaneViewOf } from '../src/ui/swimlane/viewState.ts';
import { PLAYHEADS, StoryFrame } from './harness.tsx';

/** Sets the swimlane's per-session view state (folded groups, zoom) before it first draws. */
function WithView({ collapsed = {}, zoom, children }: { collapsed?: Record<string, boolean>; zoom?: { k: number; x: number }; children: ReactNode }) {
  const store = useSessionStore();
  useState(() => {
    const v = swimlaneViewOf(store).getState();
    for (const [id, c] of Object.entries(collapsed)) v.setCollapsed(id, c);
    if (zoom) v.setZoom(zoom);
    return true;
  });
  return <>{children}</>;
}

/** The swimlane timeline: lanes grouped by control plane and node; wheel to zoom, drag to pan, drag the axis to scrub. */
export const MidTrace = () => (
  <StoryFrame t={PLAYHEADS.containersCreating} height={360}>
    <Swimlane />
  </StoryFrame>
);
export const SelectedEvent = () => (
  <StoryFrame t={PLAYHEADS.containersCreating} height={360} selection={{ type: 'event', seq: 40 }}>
    <Swimlane />
  </StoryFrame>
);
/** The nodes folded into one summary lane each, drawn as event density. */
export const NodesCollapsed = () => (
  <StoryFrame t={PLAYHEADS.pullingImage} height={300}>
    <WithView collapsed={{ 'node:node-1': true, 'node:node-2': true }}>
      <Swimlane />
    </WithView>
  </StoryFrame>
);
/** Everything folded: client, control plane and nodes as summaries, at the start and at the end. */
export const AllCollapsedStart = () => (
  <StoryFrame t={PLAYHEADS.start} height={240}>
    <WithView collapsed={{ client: true, 'control-plane': true, 'node:node-1': true, 'node:node-2': true }}>
      <Swimlane />
    </WithView>
  </StoryFrame>
);
export const AllCollapsedEnd = () => (
  <StoryFrame t={PLAYHEADS.end} height={240}>
    <WithView collapsed={{ client: true, 'control-plane': true, 'node:node-1': true, 'node:node-2': true }}>
      <Swimlane />
    </WithView>
  </StoryFrame>
);
/** Zoomed in: the overview strip shows the window over the whole trace. */
export const ZoomedIn = () => (
  <StoryFrame t={PLAYHEADS.apiserverPipeline} height={360}>
    <WithView zoom={{ k: 8, x: -1200 }}>
      <Swimlane />
    </WithView>
  </StoryFrame>
);
export const ProjectorDark = () => (
  <StoryFrame t={PLAYHEADS.pullingImage} height={400} theme="projector-dark">
    <Swimlane />
  </StoryFrame>
);
export const Japanese = () => (
  <StoryFrame t={PLAYHEADS.pullingImage} height={360} lang="ja">
    <WithView collapsed={{ 'node:node-2': true }}>
      <Swimlane />
    </WithView>
  </StoryFrame>
);

export default { title: 'Views/Swimlane' };
