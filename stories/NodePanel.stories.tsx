import { NodePanel } from '../src/ui/node/NodePanel.tsx';
import { nodeEvents, nodeHeader } from '../src/ui/node/fixtures.ts';
import type { TraceEvent } from '../src/trace/schema.ts';
import { PanelFrame, timelineOf } from './panelFrame.tsx';

/**
 * The node internals panel over a recorded run (src/ui/node/fixtures.ts: Pod `web` = pause +
 * nginx + a busybox sidecar on node-1, containerd + runc), at the moments worth stopping at.
 */
const timeline = timelineOf(nodeHeader, nodeEvents);
const timeOf = (pred: (e: TraceEvent) => boolean) => nodeEvents.find(pred)?.t ?? 0;
const web = { type: 'object' as const, key: 'v1/Pod/default/web' };

/** runc's stage-1 has just unshared the pause container's namespaces. */
const sandboxUnshare = timeOf((e) => e.op === 'unshare' && e.attrs?.['proc'] === 'runc:[1:CHILD]');
/** runc create returned: the pause init blocks on exec.fifo until runc start. */
const pauseCreated = timeOf((e) => e.kind === 'state' && e.op === 'created' && e.attrs?.['machine'] === 'oci-container');
/** nginx's pivot_root: its merged dir becomes its /. */
const nginxPivot = nodeEvents.filter((e) => e.op === 'pivot_root')[1]?.t ?? 0;

export const PauseNamespacesAppear = () => (
  <PanelFrame timeline={timeline} t={sandboxUnshare} selection={web} width={520} height={900}>
    <NodePanel />
  </PanelFrame>
);
export const PauseWaitingOnExecFifo = () => (
  <PanelFrame timeline={timeline} t={pauseCreated} selection={web} width={520} height={900}>
    <NodePanel />
  </PanelFrame>
);
export const NginxPivotRoot = () => (
  <PanelFrame timeline={timeline} t={nginxPivot} selection={web} width={520} height={900}>
    <NodePanel />
  </PanelFrame>
);
export const PodRunning = () => (
  <PanelFrame timeline={timeline} t={timeline.endTime} selection={web} width={520} height={1400}>
    <NodePanel />
  </PanelFrame>
);
export const PodRunningJapaneseProjectorDark = () => (
  <PanelFrame timeline={timeline} t={timeline.endTime} selection={web} lang="ja" theme="projector-dark" width={640} height={1600}>
    <NodePanel />
  </PanelFrame>
);
/**
 * Side by side: no trace of a second low-level runtime exists yet, so node-2 here is a header-only
 * node (no events) running containerd+runsc; pick it in "Side by side with" to see gVisor's bands.
 */
const twoRuntimes = timelineOf({ ...nodeHeader, cluster: { nodes: [...(nodeHeader.cluster?.nodes ?? []), { name: 'node-2', runtime: 'containerd+runsc' }] } }, nodeEvents);
export const TwoRuntimesToCompare = () => (
  <PanelFrame timeline={twoRuntimes} t={twoRuntimes.endTime} selection={web} width={1100} height={1200}>
    <NodePanel />
  </PanelFrame>
);
export const Collapsed = () => (
  <PanelFrame timeline={timeline} t={timeline.endTime} height={60}>
    <NodePanel collapsed />
  </PanelFrame>
);

export default { title: 'Views/Node internals' };
