import { etcdOnlyEvents, etcdOnlyHeader, etcdRaftEvents, etcdRaftHeader } from '../src/ui/etcd/fixtures.ts';
import { EtcdPanel } from '../src/ui/etcd/EtcdPanel.tsx';
import { schedulingEvents, schedulingHeader } from '../src/ui/scheduler/fixtures.ts';
import { PanelFrame, timelineOf } from './panelFrame.tsx';

/** The etcd keyspace panel: an etcd-only trace (etcdctl, compaction) and a cluster's /registry. */
const etcdOnly = timelineOf(etcdOnlyHeader, etcdOnlyEvents);
const cluster = timelineOf(schedulingHeader, schedulingEvents);
const raft = timelineOf(etcdRaftHeader, etcdRaftEvents);
const timeOf = (pred: (e: (typeof etcdOnlyEvents)[number]) => boolean, events = etcdOnlyEvents) => events.find(pred)?.t ?? 0;

const firstPut = timeOf((e) => e.kind === 'span' && e.op === 'Put');
const compaction = timeOf((e) => e.kind === 'span' && e.op === 'Compact');
const clusterPut = [...schedulingEvents].reverse().find((e) => e.kind === 'span' && e.op === 'Put')?.t ?? 0;

export const NewStore = () => (
  <PanelFrame timeline={etcdOnly} t={firstPut - 1}>
    <EtcdPanel />
  </PanelFrame>
);
export const FirstPut = () => (
  <PanelFrame timeline={etcdOnly} t={firstPut}>
    <EtcdPanel />
  </PanelFrame>
);
export const AfterCompaction = () => (
  <PanelFrame timeline={etcdOnly} t={compaction + 5_000}>
    <EtcdPanel />
  </PanelFrame>
);
export const ClusterRegistry = () => (
  <PanelFrame timeline={cluster} t={clusterPut}>
    <EtcdPanel />
  </PanelFrame>
);
export const ClusterSelectedPod = () => (
  <PanelFrame timeline={cluster} t={cluster.endTime} selection={{ type: 'object', key: 'v1/Pod/default/small' }}>
    <EtcdPanel />
  </PanelFrame>
);
export const CompactionJapaneseDark = () => (
  <PanelFrame timeline={etcdOnly} t={etcdOnly.endTime} lang="ja" theme="projector-dark" width={560}>
    <EtcdPanel />
  </PanelFrame>
);
/** Three members (etcd-raft): elected, leader stopped, no quorum, back. */
export const RaftThreeMembers = () => (
  <PanelFrame timeline={raft} t={1_000_000}>
    <EtcdPanel />
  </PanelFrame>
);
export const RaftLeaderStopped = () => (
  <PanelFrame timeline={raft} t={2_000_000}>
    <EtcdPanel />
  </PanelFrame>
);
export const RaftNoQuorum = () => (
  <PanelFrame timeline={raft} t={8_000_000} theme="projector-dark">
    <EtcdPanel />
  </PanelFrame>
);
export const RaftBackAgainJapanese = () => (
  <PanelFrame timeline={raft} t={raft.endTime} lang="ja">
    <EtcdPanel />
  </PanelFrame>
);
export const Collapsed = () => (
  <PanelFrame timeline={etcdOnly} t={etcdOnly.endTime} height={60}>
    <EtcdPanel collapsed />
  </PanelFrame>
);

export default { title: 'Views/etcd keyspace' };
