/** Pod kernels: defaulting, QoS, effective requests, readiness and kubectl's columns. */
export {
  applyPodSpecDefaults,
  applyPodTemplateSpecDefaults,
  applyTemplateDefaults,
  applyContainerDefaults,
  defaultImagePullPolicy,
  withDefaultTolerations,
  DEFAULT_SCHEDULER_NAME,
  DEFAULT_TERMINATION_GRACE_PERIOD_SECONDS,
  DEFAULT_TOLERATION_SECONDS,
  TAINT_NODE_NOT_READY,
  TAINT_NODE_UNREACHABLE,
  TERMINATION_MESSAGE_PATH_DEFAULT,
  type PodDefaultsOptions,
} from './defaults.ts';
export { qosClass, type QOSClass } from './qos.ts';
export { podRequests, podLimits, isRestartableInitContainer, type PodResources } from './resources.ts';
export { getPodCondition, podIsReady, podIsAvailable, podIsActive, podIsTerminal, podReadyTime } from './conditions.ts';
export {
  kubectlPodColumns,
  kubectlPodStatus,
  kubectlPodReady,
  podRestarts,
  NODE_UNREACHABLE_POD_REASON,
  type KubectlPodColumns,
} from './status.ts';
