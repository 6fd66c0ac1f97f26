import { parseTour } from '../src/ui/tour/parse.ts';
import { FIXTURE_TOUR } from '../src/ui/tour/fixtureTour.ts';
import { GlossaryList } from '../src/ui/tour/Glossary.tsx';
import { TourPanel } from '../src/ui/tour/TourPanel.tsx';
import { StoryFrame } from './harness.tsx';

/**
 * The guided tour's panel over the hand-made hello trace (a short fixture tour: the real tours in
 * examples/tours need the engine's trace). Each story starts on one step; the panel moves the
 * session's playhead to that step's event itself.
 */
const frame = { t: 0, width: 420, height: 620 };

export const Cover = () => (
  <StoryFrame {...frame}>
    <TourPanel tour={FIXTURE_TOUR} />
  </StoryFrame>
);
export const Step = () => (
  <StoryFrame {...frame}>
    <TourPanel tour={FIXTURE_TOUR} initialStep={1} />
  </StoryFrame>
);
export const QuestionJapanese = () => (
  <StoryFrame {...frame} lang="ja">
    <TourPanel tour={FIXTURE_TOUR} initialStep={2} />
  </StoryFrame>
);
export const LastStepProjector = () => (
  <StoryFrame {...frame} theme="projector-dark">
    <TourPanel tour={FIXTURE_TOUR} initialStep={3} />
  </StoryFrame>
);
export const Glossary = () => (
  <StoryFrame {...frame} width={640}>
    <div style={{ position: 'relative', height: '100%' }}>
      <GlossaryList />
    </div>
  </StoryFrame>
);
const misfit = parseTour(
  'tour: misfit\nscenario: hello-deployment\ntitle: {en: Misfit, ja: Misfit}\nsummary: {en: M, ja: M}\nsteps:\n  - id: evict\n    title: {en: E, ja: E}\n    text: {en: E, ja: E}\n    at: {kind: event, op: Evicted}\n',
  'examples/tours/misfit.tour.yaml',
);
export const DoesNotFitTheTrace = () => (
  <StoryFrame {...frame}>
    <TourPanel tour={misfit} />
  </StoryFrame>
);

export default { title: 'Views/Guided tour' };
