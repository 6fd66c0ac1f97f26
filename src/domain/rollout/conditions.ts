/**
 * Deployment condition types, reasons and messages, worded as pkg/controller/deployment
 * (util/deployment_util.go constants; sync.go, progress.go, rolling.go messages) writes them.
 * `kubectl describe deployment` and `kubectl rollout status` show these.
 */

export const DeploymentConditionType = {
  Available: 'Available',
  Progressing: 'Progressing',
  ReplicaFailure: 'ReplicaFailure',
} as const;

export const DeploymentConditionReason = {
  /** Progressing=True when the controller created the new RS. */
  NewReplicaSetCreated: 'NewReplicaSetCreated',
  FoundNewReplicaSet: 'FoundNewReplicaSet',
  ReplicaSetUpdated: 'ReplicaSetUpdated',
  NewReplicaSetAvailable: 'NewReplicaSetAvailable',
  /** Progressing=False after progressDeadlineSeconds without progress. */
  ProgressDeadlineExceeded: 'ProgressDeadlineExceeded',
  DeploymentPaused: 'DeploymentPaused',
  DeploymentResumed: 'DeploymentResumed',
  FailedRSCreate: 'ReplicaSetCreateError',
  MinimumReplicasAvailable: 'MinimumReplicasAvailable',
  MinimumReplicasUnavailable: 'MinimumReplicasUnavailable',
  FailedCreate: 'FailedCreate',
} as const;

const q = (s: string): string => JSON.stringify(s);

/** The message of each condition reason. `rs` is the new ReplicaSet's name. */
export const deploymentConditionMessage = {
  newReplicaSetCreated: (rs: string): string => `Created new replica set ${q(rs)}`,
  foundNewReplicaSet: (rs: string): string => `Found new replica set ${q(rs)}`,
  replicaSetUpdated: (rs: string): string => `ReplicaSet ${q(rs)} is progressing.`,
  newReplicaSetAvailable: (rs: string): string => `ReplicaSet ${q(rs)} has successfully progressed.`,
  progressDeadlineExceeded: (rs: string): string => `ReplicaSet ${q(rs)} has timed out progressing.`,
  /** Without a new RS the messages name the Deployment instead. */
  deploymentProgressing: (deployment: string): string => `Deployment ${q(deployment)} is progressing.`,
  deploymentTimedOut: (deployment: string): string => `Deployment ${q(deployment)} has timed out progressing.`,
  paused: (): string => 'Deployment is paused',
  resumed: (): string => 'Deployment is resumed',
  minimumReplicasAvailable: (): string => 'Deployment has minimum availability.',
  minimumReplicasUnavailable: (): string => 'Deployment does not have minimum availability.',
};
