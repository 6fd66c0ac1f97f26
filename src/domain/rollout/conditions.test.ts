import { describe, expect, it } from 'vitest';
import { DeploymentConditionReason, deploymentConditionMessage } from './conditions.ts';

describe('deployment condition messages', () => {
  it('uses the controller wording', () => {
    expect(deploymentConditionMessage.newReplicaSetCreated('web-6c8d7489d5')).toBe('Created new replica set "web-6c8d7489d5"');
    expect(deploymentConditionMessage.foundNewReplicaSet('web-6c8d7489d5')).toBe('Found new replica set "web-6c8d7489d5"');
    expect(deploymentConditionMessage.replicaSetUpdated('web-6c8d7489d5')).toBe('ReplicaSet "web-6c8d7489d5" is progressing.');
    expect(deploymentConditionMessage.newReplicaSetAvailable('web-6c8d7489d5')).toBe('ReplicaSet "web-6c8d7489d5" has successfully progressed.');
    expect(deploymentConditionMessage.progressDeadlineExceeded('web-6c8d7489d5')).toBe('ReplicaSet "web-6c8d7489d5" has timed out progressing.');
    expect(deploymentConditionMessage.minimumReplicasAvailable()).toBe('Deployment has minimum availability.');
    expect(deploymentConditionMessage.minimumReplicasUnavailable()).toBe('Deployment does not have minimum availability.');
    expect(DeploymentConditionReason.ProgressDeadlineExceeded).toBe('ProgressDeadlineExceeded');
  });
});
