import type { Difference } from './compare.ts';

/**
 * Where the model's containerd (src/engine/components/containerd/containerd.ts) differs today from
 * what the real CRI plugin did in the recording (tests/real/fixtures/containerd/), each with
 * what the real one does and why it matters. The comparison passes only when the differences are
 * exactly these: a new one fails it (a regression, or a new mismatch to look at), and so does one
 * that went away (the model was fixed: delete its entry). So this list can only shrink.
 *
 * Keys are compare.ts's: `<step label> | <field path or what>`. Upstream references are to
 * containerd 2.x (internal/cri/server), which behaves as 1.6 does in each of these.
 */

export interface KnownGap {
  key: string;
  reason: string;
}

const MOUNTS =
  'ContainerStatus.status.mounts are the CRI mounts of the container config (containerPath, hostPath, readonly, selinuxRelabel, propagation: the service-account token, /etc/hosts, /dev/termination-log); the model answers []. toCRIContainerStatus: Mounts = Config.GetMounts().';
const RESOURCES =
  'ContainerStatus.status.resources is the LinuxContainerResources the container runs with (cpuPeriod 100000, cpuShares 2, oomScoreAdj 1000…, from the config); the model answers none. toCRIContainerStatus: Resources = status.Resources; the kubelet reads it for in-place resize.';
const LIST_IMAGE =
  'ListContainers: containers[].image is the ImageSpec of the container config, i.e. the image id the kubelet passed ("sha256:…"); the model answers the image name ("docker.io/library/busybox:1.36"), which only ContainerStatus reports. container_list.go toCRIContainer: Image = Config.GetImage().';

export const KNOWN_GAPS: readonly KnownGap[] = [
  {
    key: 'Status | outcome',
    reason:
      'The model has no Status RPC: it answers Unimplemented ("unknown method Status for service runtime.v1.RuntimeService"). Real: conditions RuntimeReady=true and NetworkReady=true (false with reason NetworkPluginNotReady while no CNI config is loaded); the kubelet turns them into the node\'s Ready condition.',
  },
  {
    key: 'RunPodSandbox web | event missing: /containers/create <sandbox:web>',
    reason:
      'RunPodSandbox creates a containerd container for the pause process (client.NewContainer, after the snapshot prepare): /containers/create for the sandbox id. The model prepares the snapshot and creates the task, but has no container record for the sandbox.',
  },
  { key: 'ContainerStatus app (created) | status.mounts', reason: MOUNTS },
  { key: 'ContainerStatus app (running) | status.mounts', reason: MOUNTS },
  { key: 'ContainerStatus fail (exited 1) | status.mounts', reason: MOUNTS },
  { key: 'ContainerStatus app (exited 0) | status.mounts', reason: MOUNTS },
  { key: 'ContainerStatus app (created) | status.resources', reason: RESOURCES },
  { key: 'ContainerStatus app (running) | status.resources', reason: RESOURCES },
  { key: 'ContainerStatus fail (exited 1) | status.resources', reason: RESOURCES },
  { key: 'ContainerStatus app (exited 0) | status.resources', reason: RESOURCES },
  { key: 'ListContainers (both) | containers[0].image.image', reason: LIST_IMAGE },
  { key: 'ListContainers (both) | containers[1].image.image', reason: LIST_IMAGE },
  {
    key: 'PodSandboxStatus web (not ready) | status.network.ip',
    reason:
      'Once StopPodSandbox has torn the network down and closed the netns, PodSandboxStatus reports no IP (getIPs returns "" when the netns is closed); the model keeps answering the old 10.88.0.2, which host-local has already released.',
  },
];

/** Differences not listed here, and listed gaps that did not occur. */
export function againstKnownGaps(diffs: readonly Difference[], gaps: readonly KnownGap[] = KNOWN_GAPS): { unexpected: Difference[]; fixed: KnownGap[] } {
  const known = new Set(gaps.map((g) => g.key));
  const seen = new Set(diffs.map((d) => d.key));
  return { unexpected: diffs.filter((d) => !known.has(d.key)), fixed: gaps.filter((g) => !seen.has(g.key)) };
}

/** The failure message: what is new (with real vs model), what is fixed. */
export function gapReport(r: { unexpected: readonly Difference[]; fixed: readonly KnownGap[] }): string {
  const parts: string[] = [];
  if (r.unexpected.length) parts.push(`differences from the real containerd that known-gaps.ts does not list:\n${r.unexpected.map((d) => `- ${d.key}\n    ${d.detail}`).join('\n')}`);
  if (r.fixed.length) parts.push(`known gaps that no longer occur (the model was fixed: delete them from tests/real/support/cri/known-gaps.ts):\n${r.fixed.map((g) => `- ${g.key}`).join('\n')}`);
  return parts.join('\n\n');
}
