import { objectKey } from '../src/timeline/index.ts';
import { Inspector } from '../src/ui/inspector/Inspector.tsx';
import { fixtureTimeline, PLAYHEADS, StoryFrame } from './harness.tsx';

const lastPodEvent = [...Array.from({ length: fixtureTimeline.length }, (_, i) => fixtureTimeline.at(i))].reverse().find((e) => e.kind === 'object' && e.ref?.kind === 'Pod');
const someSpan = Array.from({ length: fixtureTimeline.length }, (_, i) => fixtureTimeline.at(i)).find((e) => e.kind === 'span' && e.op === 'storage');

/** The inspector: an event with its cause chain, and an API object with its YAML and diff. */
export const Nothing = () => (
  <StoryFrame t={PLAYHEADS.end} width={420} height={600}>
    <Inspector />
  </StoryFrame>
);
export const SpanWithCauseChain = () => (
  <StoryFrame t={PLAYHEADS.end} width={420} height={700} selection={someSpan ? { type: 'event', seq: someSpan.seq } : null}>
    <Inspector />
  </StoryFrame>
);
export const PodObjectEvent = () => (
  <StoryFrame t={PLAYHEADS.end} width={460} height={900} selection={lastPodEvent ? { type: 'event', seq: lastPodEvent.seq } : null}>
    <Inspector />
  </StoryFrame>
);
export const PodYamlJapaneseDark = () => (
  <StoryFrame t={PLAYHEADS.end} width={460} height={900} lang="ja" theme="projector-dark" selection={lastPodEvent?.ref ? { type: 'object', key: objectKey(lastPodEvent.ref) } : null}>
    <Inspector />
  </StoryFrame>
);

export default { title: 'Views/Inspector' };
