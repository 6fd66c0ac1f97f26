/**
 * Differences between the real containerd and the model that are there by design, one rule
 * each, applied to both sides before they are compared. The real side is Debian's containerd
 * 1.6.20 (what CI can install); the model is containerd 2.1.4 (CONTAINERD_VERSION), the
 * version a Kubernetes 1.34 node runs. What varies from run to run (ids, times, the temp dir)
 * is not here: normalize.ts takes it out of the recording itself.
 */

export interface ComparedStep {
  label: string;
  method: string;
  response?: Record<string, unknown>;
  error?: { code: string; message: string };
  /** Set by a rule that takes the step's answer out of the comparison. */
  notCompared?: string;
}

export interface ByDesignRule {
  id: string;
  reason: string;
  apply(step: ComparedStep): ComparedStep;
}

export const BY_DESIGN: readonly ByDesignRule[] = [
  {
    id: 'runtime-version',
    reason: 'VersionResponse.runtimeVersion is the daemon\'s version: "1.6.20~ds1" (Debian\'s build) on the real side, "v2.1.4" in the model.',
    apply: (s) => (s.method === 'Version' && s.response ? { ...s, response: { ...s.response, runtimeVersion: '<runtime-version>' } } : s),
  },
  {
    id: 'get-container-events',
    reason:
      'GetContainerEvents (the evented PLEG\'s stream) is Unimplemented in containerd 1.6 ("method GetContainerEvents not implemented"); containerd 1.7+ and 2.x serve it. The answer of 1.6 says nothing about 2.1.4, so only the call itself is compared. (The default kubelet, EventedPLEG off, never makes it.)',
    apply: (s) => (s.method === 'GetContainerEvents' ? { label: s.label, method: s.method, notCompared: 'get-container-events' } : s),
  },
  {
    id: 'status-newer-fields',
    reason:
      'StatusResponse.runtimeHandlers and .features came with cri-api 0.30/0.31 (KEP-3857 recursive read-only mounts, KEP-3619 supplemental groups policy); containerd 1.6 vendors an older cri-api and leaves them empty, 2.1.4 fills them. Both are left out; the conditions are compared.',
    apply: (s) => {
      if (s.method !== 'Status' || !s.response) return s;
      const { runtimeHandlers: _h, features: _f, ...rest } = s.response;
      return { ...s, response: rest };
    },
  },
  {
    id: 'userns-options',
    reason:
      'PodSandboxStatus.linux.namespaces.options is the NamespaceOption of the sandbox config. containerd 1.6 vendors a cri-api without UserNamespace (field 5, usernsOptions, came with user namespaces, KEP-127) and drops it when it decodes the config, so it answers null; 2.1.4 keeps the kubelet\'s {mode: NODE}. Left out on both sides.',
    apply: (s) => {
      const options = (s.response?.status as { linux?: { namespaces?: { options?: Record<string, unknown> } } } | undefined)?.linux?.namespaces?.options;
      if (s.method !== 'PodSandboxStatus' || !options || !s.response) return s;
      const { usernsOptions: _u, ...rest } = options;
      const status = s.response.status as Record<string, unknown> & { linux: { namespaces: Record<string, unknown> } };
      return { ...s, response: { ...s.response, status: { ...status, linux: { ...status.linux, namespaces: { ...status.linux.namespaces, options: rest } } } } };
    },
  },
  {
    id: 'fields-newer-than-1.6',
    reason:
      'Fields runtime.v1 gained after the cri-api containerd 1.6 vendors, which 1.6 therefore never fills: ContainerStatus.imageId and .user (containerd 2.x: the image config digest and the ContainerUser, internal/cri/server/container_status.go), Container.imageId, and ImageSpec.userSpecifiedImage in the image a container reports (2.x returns the config\'s ImageSpec, container_list.go toCRIContainer). What 1.6 answers for them (empty) says nothing about 2.1.4, so they are left out on both sides.',
    apply: (s) => {
      if (!s.response) return s;
      const dropSpec = (image: unknown): unknown => {
        if (!image || typeof image !== 'object') return image;
        const { userSpecifiedImage: _u, ...rest } = image as Record<string, unknown>;
        return rest;
      };
      if (s.method === 'ContainerStatus' && s.response.status && typeof s.response.status === 'object') {
        const { imageId: _i, user: _u, ...status } = s.response.status as Record<string, unknown>;
        return { ...s, response: { ...s.response, status: { ...status, image: dropSpec(status.image) } } };
      }
      if (s.method === 'ListContainers' && Array.isArray(s.response.containers)) {
        const containers = (s.response.containers as Record<string, unknown>[]).map(({ imageId: _i, ...c }) => ({ ...c, image: dropSpec(c.image) }));
        return { ...s, response: { ...s.response, containers } };
      }
      return s;
    },
  },
];

/**
 * The same, for what the model is sent. The requests are replayed as recorded, but for this.
 */
export interface RequestRule {
  id: string;
  reason: string;
  apply(method: string, request: Record<string, unknown>): Record<string, unknown>;
}

export const REQUEST_BY_DESIGN: readonly RequestRule[] = [
  {
    id: 'cgroup-driver',
    reason:
      'The recording VM has no systemd, so its containerd runs runc with the cgroupfs driver (SystemdCgroup = false) and the kubelet sends a cgroupfs parent (/kube-anatomy-cri/kubepods/besteffort/pod<uid>, as with --cgroup-root=/kube-anatomy-cri). The model\'s node uses the systemd driver, the kubeadm default, as the model\'s kubelet does: it gets the kubelet\'s systemd parent (kubepods-besteffort-pod<uid_>.slice) instead. No response carries the parent.',
    apply: (method, request) => {
      const swap = (config: unknown): unknown => {
        const linux = (config as { linux?: Record<string, unknown> } | undefined)?.linux;
        if (!linux || typeof linux.cgroupParent !== 'string') return config;
        return { ...(config as Record<string, unknown>), linux: { ...linux, cgroupParent: systemdParent(linux.cgroupParent) } };
      };
      if (method === 'RunPodSandbox') return { ...request, config: swap(request.config) };
      if (method === 'CreateContainer' || method === 'PullImage') return { ...request, sandboxConfig: swap(request.sandboxConfig) };
      return request;
    },
  },
];

/** `/…/kubepods/besteffort/pod<uid>` → `kubepods-besteffort-pod<uid with _>.slice` (kubelet cgroup_manager_linux.go, systemd driver). */
export function systemdParent(cgroupfs: string): string {
  const parts = cgroupfs.split('/').filter(Boolean);
  const from = parts.indexOf('kubepods');
  const names = (from < 0 ? parts : parts.slice(from)).map((p) => p.replace(/-/g, '_'));
  return `${names.map((_, i) => names.slice(0, i + 1).join('-')).pop() ?? ''}.slice`;
}

export function requestForModel(method: string, request: Record<string, unknown>): Record<string, unknown> {
  return REQUEST_BY_DESIGN.reduce((r, rule) => rule.apply(method, r), request);
}

/** The same, for the containerd events of a step: a rule drops the events it explains. */
export interface EventRule {
  id: string;
  reason: string;
  drops(method: string, event: { topic: string; subject: string }): boolean;
}

export const EVENT_BY_DESIGN: readonly EventRule[] = [
  {
    id: 'sandbox-container-updates',
    reason:
      'containerd 1.6 creates the pause container before the pod network (sandbox_run.go), then updates it twice: its spec with the netns path, and its sandbox metadata extension with the IP (2× /containers/update). 2.x sets the network up first and creates the container with both at once (internal/cri/server/podsandbox/sandbox_run.go Start: NewContainer WithSpec + WithContainerExtension, no Update), as the model orders it (CNI ADD before the snapshot). Dropped from the real side.',
    drops: (method, e) => method === 'RunPodSandbox' && e.topic === '/containers/update',
  },
];

export function keepEvent(method: string, event: { topic: string; subject: string }): boolean {
  return !EVENT_BY_DESIGN.some((r) => r.drops(method, event));
}

export function applyByDesign(step: ComparedStep): ComparedStep {
  return BY_DESIGN.reduce((s, rule) => rule.apply(s), step);
}
