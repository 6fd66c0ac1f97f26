import { EventsTable } from '../src/ui/events/EventsTable.tsx';
import { crashloopEvents, crashloopHeader } from '../src/ui/statechart/fixtures.ts';
import { PanelFrame, timelineOf } from './panelFrame.tsx';

/** The events table over a recorded crashloop run, at several playheads. */
const timeline = timelineOf(crashloopHeader, crashloopEvents);
const events = crashloopEvents.filter((e) => e.kind === 'event');
const W = 1200;
const H = 360;
const started = events.find((e) => e.op === 'Started')!;
const lastBackOff = events.filter((e) => e.op === 'BackOff').at(-1)!;

export const BeforeAnyEvent = () => (
  <PanelFrame timeline={timeline} t={0} width={W} height={H}>
    <EventsTable />
  </PanelFrame>
);
export const FirstStart = () => (
  <PanelFrame timeline={timeline} t={started.t + 3_000_000} width={W} height={H}>
    <EventsTable />
  </PanelFrame>
);
export const CrashLoopBackOff = () => (
  <PanelFrame timeline={timeline} t={lastBackOff.t + 5_000_000} selection={{ type: 'event', seq: lastBackOff.seq }} width={W} height={H}>
    <EventsTable />
  </PanelFrame>
);
export const CrashLoopJapaneseProjectorDark = () => (
  <PanelFrame timeline={timeline} t={timeline.endTime} lang="ja" theme="projector-dark" width={W} height={H}>
    <EventsTable />
  </PanelFrame>
);

export default { title: 'Views/Events' };
