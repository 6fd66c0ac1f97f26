import { useState, type ReactNode } from 'react';
import { ForkContext, type ForkApi } from '../src/ui/branches/context.ts';
import { FaultMenu } from '../src/ui/faults/FaultMenu.tsx';
import { objectKey } from '../src/timeline/index.ts';
import { fixtureTimeline, StoryFrame } from './harness.tsx';

/** The fault menu over the hello-deployment fixture: unavailable (replay), and with a fork API for a Pod and a Node. */
const end = fixtureTimeline.endTime;
const world = fixtureTimeline.stateAt(end);
const pod = [...world.objects.values()].find((o) => o.ref.kind === 'Pod')!;
const kubeletEvent = fixtureTimeline.eventsIn(0, end).find((e) => e.actor.startsWith('kubelet/') && !e.ref)!;

function Forkable({ children }: { children: ReactNode }) {
  const [api] = useState<ForkApi>(() => ({ available: true, branches: [], current: 0, busy: false, act: () => Promise.resolve({ ok: true, branch: 1 }), switchTo: () => undefined }));
  return <ForkContext.Provider value={api}>{children}</ForkContext.Provider>;
}

export const UnavailableForAReplay = () => (
  <StoryFrame t={end} width={480} height={120}>
    <div style={{ padding: 16 }}>
      <FaultMenu />
    </div>
  </StoryFrame>
);
export const PodSelected = () => (
  <StoryFrame t={end} selection={{ type: 'object', key: objectKey(pod.ref) }} width={640} height={260}>
    <Forkable>
      <div style={{ padding: 16, display: 'flex', justifyContent: 'flex-end' }}>
        <FaultMenu />
      </div>
    </Forkable>
  </StoryFrame>
);
export const NodeSelectedJapaneseProjectorDark = () => (
  <StoryFrame t={end} lang="ja" theme="projector-dark" selection={{ type: 'event', seq: kubeletEvent.seq }} width={640} height={260}>
    <Forkable>
      <div style={{ padding: 16, display: 'flex', justifyContent: 'flex-end' }}>
        <FaultMenu />
      </div>
    </Forkable>
  </StoryFrame>
);

export default { title: 'Views/Fault menu' };
