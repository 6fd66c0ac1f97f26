/** Deployment and ReplicaSet kernels (DOMAIN.md 3.2, 3.3). */
export { podTemplateHash, POD_TEMPLATE_HASH_LABEL } from './hash.ts';
export {
  applyDeploymentDefaults,
  DEFAULT_MAX_SURGE,
  DEFAULT_MAX_UNAVAILABLE,
  DEFAULT_PROGRESS_DEADLINE_SECONDS,
  DEFAULT_REVISION_HISTORY_LIMIT,
} from './defaults.ts';
export { resolveFenceposts, scaledValueFromIntOrPercent, maxSurge, maxUnavailable, isRollingUpdate, desiredReplicas } from './fenceposts.ts';
export { slowStartBatches, SLOW_START_INITIAL_BATCH_SIZE, BURST_REPLICAS } from './slowstart.ts';
export {
  getReplicaSetsOwnedBy,
  findNewReplicaSet,
  findOldReplicaSets,
  equalIgnoreHash,
  deploymentRevision,
  maxRevision,
  newRSNewReplicas,
  replicaCount,
  actualReplicaCount,
  readyReplicaCount,
  availableReplicaCount,
  filterActiveReplicaSets,
  sortReplicaSetsByCreation,
  replicasAnnotations,
  copiedDeploymentAnnotations,
  revisionAnnotations,
  buildNewReplicaSet,
  replicaSetsToCleanUp,
  controllerOf,
  controllerRef,
  REVISION_ANNOTATION,
  REVISION_HISTORY_ANNOTATION,
  DESIRED_REPLICAS_ANNOTATION,
  MAX_REPLICAS_ANNOTATION,
  LAST_APPLIED_ANNOTATION,
} from './replicasets.ts';
export {
  planRollingSync,
  reconcileNewReplicaSet,
  reconcileOldReplicaSets,
  calculateDeploymentStatus,
  hasMinimumAvailability,
  deploymentComplete,
  type ReplicaSetScale,
  type RollingSyncPlan,
} from './rolling.ts';
export { DeploymentConditionType, DeploymentConditionReason, deploymentConditionMessage } from './conditions.ts';
export { podFromReplicaSet } from './pods.ts';
export { podsToDelete, comparePodsForDeletion, podDeletionCost, POD_DELETION_COST_ANNOTATION } from './deletion.ts';
