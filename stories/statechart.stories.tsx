import { crashloopEvents, crashloopHeader } from '../src/ui/statechart/fixtures.ts';
import { StateChartView } from '../src/ui/statechart/StateChartView.tsx';
import { PanelFrame, timelineOf } from './panelFrame.tsx';

/**
 * The state-chart view over a recorded crashloop run: the pod worker through sandbox, image,
 * container and back-off; the scheduler's cycle; a runc container; before anything started.
 */
const timeline = timelineOf(crashloopHeader, crashloopEvents);
const state = (op: string, machine: string, nth = 1) => crashloopEvents.filter((e) => e.kind === 'state' && e.op === op && e.attrs?.machine === machine)[nth - 1]!;
const W = 1200;
const H = 420;

const ensuring = state('syncPod.ensuringImage', 'pod-worker');
const backOff = state('syncPod.backOff', 'pod-worker', 2);
const filter = state('schedulingCycle.filter', 'scheduler');
const running = state('running', 'oci-container');

export const PodWorkerPullingImage = () => (
  <PanelFrame timeline={timeline} t={ensuring.t} selection={{ type: 'event', seq: ensuring.seq }} width={W} height={H}>
    <StateChartView />
  </PanelFrame>
);
export const PodWorkerBackOff = () => (
  <PanelFrame timeline={timeline} t={backOff.t} selection={{ type: 'event', seq: backOff.seq }} width={W} height={H}>
    <StateChartView />
  </PanelFrame>
);
export const SchedulerFilter = () => (
  <PanelFrame timeline={timeline} t={filter.t} selection={{ type: 'event', seq: filter.seq }} width={W} height={H}>
    <StateChartView />
  </PanelFrame>
);
export const RuncContainerRunning = () => (
  <PanelFrame timeline={timeline} t={running.t} selection={{ type: 'event', seq: running.seq }} width={W} height={H}>
    <StateChartView />
  </PanelFrame>
);
export const NothingSelected = () => (
  <PanelFrame timeline={timeline} t={timeline.endTime} width={W} height={H}>
    <StateChartView />
  </PanelFrame>
);
export const PodWorkerJapaneseProjectorDark = () => (
  <PanelFrame timeline={timeline} t={backOff.t} selection={{ type: 'event', seq: backOff.seq }} lang="ja" theme="projector-dark" width={W} height={H}>
    <StateChartView />
  </PanelFrame>
);

export default { title: 'Views/State chart' };
