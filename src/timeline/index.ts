/**
 * The timeline read-model (DESIGN.md 1.1, architecture-models 4.7): what every view reads.
 * Start with timeline.ts.
 */
export { Timeline, type TimelineOptions } from './timeline.ts';
export type { WorldState, EtcdStoreView } from './world-state.ts';
export type { ObjectEntry } from './projections/objects.ts';
export type { ActorStateEntry } from './projections/actor-states.ts';
export { lastChanges, latestRevisionChanges, type EtcdKeyEntry, type EtcdChange } from './projections/etcd-keys.ts';
export { roleOf, type EtcdMemberEntry, type RaftRole } from './projections/etcd-members.ts';
export { schedulingAttempts, latestScheduledPod, type SchedulingLog, type SchedulingAttempt, type FilterVerdict, type ScoreEntry, type AttemptPhase, type FilterCode } from './projections/scheduling.ts';
export { objectKey, actorStateKey } from './keys.ts';
export { sortActors, naturalCompare } from './actors.ts';
export { diffObjects, formatPath, objectAt, changesOf, type ObjectChange } from './diff.ts';
export { endOf, isOpenAt, messageProgress, spanElapsed, remaining, inFlightAt, activeSpansAt, type InFlightMessage } from './queries.ts';
export { fold, type Projection } from './projection.ts';
export type { CheckpointPolicy } from './checkpoints.ts';
export { compareTraces, type StepMatch, type TraceComparison } from './compare/compare-traces.ts';
export { stepSignature, actorRole, normalizeOp } from './compare/step-signature.ts';
