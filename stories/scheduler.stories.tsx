import { SchedulerPanel } from '../src/ui/scheduler/SchedulerPanel.tsx';
import { schedulingEvents, schedulingHeader } from '../src/ui/scheduler/fixtures.ts';
import { PanelFrame, timelineOf } from './panelFrame.tsx';

/** The scheduling decision panel over a recorded run: one Pod fits nowhere, one is scored and bound. */
const cluster = timelineOf(schedulingHeader, schedulingEvents);
const big = { type: 'object', key: 'v1/Pod/default/big' } as const;
const small = { type: 'object', key: 'v1/Pod/default/small' } as const;
const first = (op: string, pod: string) => schedulingEvents.find((e) => e.kind === 'span' && e.op === op && e.ref?.name === pod)?.t ?? 0;

export const NothingSelected = () => (
  <PanelFrame timeline={cluster} t={0}>
    <SchedulerPanel />
  </PanelFrame>
);
export const FailedScheduling = () => (
  <PanelFrame timeline={cluster} t={cluster.endTime} selection={big}>
    <SchedulerPanel />
  </PanelFrame>
);
export const Filtering = () => (
  <PanelFrame timeline={cluster} t={first('Filter', 'small')} selection={small}>
    <SchedulerPanel />
  </PanelFrame>
);
export const Binding = () => (
  <PanelFrame timeline={cluster} t={first('Bind', 'small')} selection={small}>
    <SchedulerPanel />
  </PanelFrame>
);
export const Scheduled = () => (
  <PanelFrame timeline={cluster} t={cluster.endTime} selection={small}>
    <SchedulerPanel />
  </PanelFrame>
);
export const LatestCycleWithoutSelection = () => (
  <PanelFrame timeline={cluster} t={cluster.endTime}>
    <SchedulerPanel />
  </PanelFrame>
);
export const FailedJapaneseDark = () => (
  <PanelFrame timeline={cluster} t={cluster.endTime} selection={big} lang="ja" theme="projector-dark" width={600}>
    <SchedulerPanel />
  </PanelFrame>
);
export const ScheduledProjectorLight = () => (
  <PanelFrame timeline={cluster} t={cluster.endTime} selection={small} theme="projector-light" width={600} height={760}>
    <SchedulerPanel />
  </PanelFrame>
);

export default { title: 'Views/Scheduling decision' };
