/**
 * English messages: the reference key set. `ja.ts` must have exactly the same keys (checked by
 * i18n.test.ts). Placeholders are written `{name}` and filled by `translate`.
 * Kubernetes names (Pod, kubelet, kube-apiserver, etcd…) and kubectl output are never translated.
 */
export const en = {
  'app.title': 'kube-anatomy',
  'app.tagline': 'Kubernetes internals, step by step',
  'app.loading': 'Running the scenario…',
  'app.loadError': 'Could not load the scenario: {message}',
  'app.scenario': 'Scenario',
  'app.openFull': 'Open in kube-anatomy',

  'controls.label': 'Playback',
  'controls.play': 'Play',
  'controls.pause': 'Pause',
  'controls.stepForward': 'Next event',
  'controls.stepBack': 'Previous event',
  'controls.restart': 'Restart',
  'controls.speed': 'Speed',
  'controls.playhead': 'Playhead time',
  'controls.progress': 'event {n} of {total}',

  'settings.language': 'Language',
  'settings.theme': 'Theme',
  'theme.light': 'Light',
  'theme.projector-light': 'Projector (light)',
  'theme.projector-dark': 'Projector (dark)',

  'topology.title': 'Cluster',
  'topology.controlPlane': 'Control plane',
  'topology.workerNode': 'Worker node',
  'topology.unscheduled': 'Unscheduled Pods',
  'topology.user': 'User',
  'topology.noPods': 'No Pods yet',
  'topology.etcdKeys': '{n} keys · revision {rev}',
  'topology.objects': 'API objects',
  'topology.inFlight': '{n} messages in flight',

  'swimlane.title': 'Timeline',
  'swimlane.hint': 'Wheel: zoom · drag: pan · drag the time axis: move the playhead · click: select an event',
  'swimlane.resetZoom': 'Fit',

  'inspector.title': 'Inspector',
  'inspector.empty': 'Click an event in the timeline, or a Pod in the cluster, to see its details here.',
  'inspector.kind': 'Kind',
  'inspector.actor': 'Actor',
  'inspector.from': 'From',
  'inspector.to': 'To',
  'inspector.op': 'Operation',
  'inspector.time': 'Time',
  'inspector.duration': 'Duration',
  'inspector.seq': 'Sequence',
  'inspector.object': 'Object',
  'inspector.causeChain': 'Cause chain',
  'inspector.causedBy': 'Caused by',
  'inspector.noCause': 'No recorded cause: this event starts a chain.',
  'inspector.attributes': 'Attributes',
  'inspector.yamlAtPlayhead': 'YAML at the playhead',
  'inspector.objectAbsent': 'This object does not exist at the playhead.',
  'inspector.diff': 'Change from the previous version',
  'inspector.noPrevious': 'First version of this object: nothing to compare with.',
  'inspector.noChange': 'No change in the object.',
  'inspector.seek': 'Move the playhead here',
  'inspector.close': 'Clear selection',

  'kind.message': 'Message',
  'kind.state': 'State change',
  'kind.object': 'API object',
  'kind.span': 'Span',
  'kind.event': 'Kubernetes Event',
  'kind.command': 'Command',
  'kind.log': 'Log',
} as const satisfies Record<string, string>;

/** Every message key. */
export type MessageKey = keyof typeof en;
