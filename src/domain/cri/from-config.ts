import type { Container, Pod } from '../k8s/objects.ts';

/**
 * What a CRI runtime knows of a Pod and its containers: it never sees the Pod object, only the
 * kubelet's PodSandboxConfig and ContainerConfig (cri-api api.proto), so the Pod-spec terms the
 * OCI spec kernel (domain/oci/spec.ts) needs are rebuilt from those. Shared by containerd and
 * CRI-O, which both generate their specs from the same configs.
 */

/** The Pod facts a sandbox config holds (metadata, hostname, labels, namespace options). */
export function podFromSandboxConfig(config: Record<string, unknown>): Pod {
  const meta = (config.metadata ?? {}) as { name?: string; namespace?: string; uid?: string };
  const nsOptions = (config.linux as { securityContext?: { namespaceOptions?: { network?: string; pid?: string } } } | undefined)?.securityContext?.namespaceOptions;
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: meta.name ?? '', namespace: meta.namespace ?? 'default', uid: meta.uid ?? '', labels: (config.labels ?? {}) as Record<string, string>, annotations: (config.annotations ?? {}) as Record<string, string> },
    spec: {
      containers: [],
      ...(typeof config.hostname === 'string' ? { hostname: config.hostname } : {}),
      ...(nsOptions?.network === 'NODE' ? { hostNetwork: true } : {}),
      ...(nsOptions?.pid === 'POD' ? { shareProcessNamespace: true } : {}),
    },
  };
}

/** The container as the CRI describes it (ContainerConfig), in Pod-spec terms for the spec kernel. */
export function containerFromConfig(config: Record<string, unknown>): Container {
  const meta = (config.metadata ?? {}) as { name?: string };
  const image = (config.image ?? {}) as { image?: string; userSpecifiedImage?: string };
  const envs = (config.envs ?? []) as { key: string; value: string }[];
  const c: Container = { name: meta.name ?? '', image: image.userSpecifiedImage ?? image.image ?? '' };
  if (Array.isArray(config.command) && config.command.length) c.command = config.command as string[];
  if (Array.isArray(config.args) && config.args.length) c.args = config.args as string[];
  if (typeof config.workingDir === 'string' && config.workingDir) c.workingDir = config.workingDir;
  if (envs.length) c.env = envs.map((e) => ({ name: e.key, value: e.value }));
  return c;
}
