import { fromCriState, type RuntimeContainerStatus, type RuntimePodStatus, type RuntimeSandboxStatus } from '../../../domain/pod/runtime-status.ts';
import type { ObjectRef } from '../../../trace/schema.ts';
import type { CriClient, CriResponse } from './cri-client.ts';

/**
 * kuberuntime_manager.go GetPodStatus: the pod's sandboxes (ListPodSandbox by the pod-uid label,
 * then PodSandboxStatus of each) and its containers (ListContainers by the same label, then
 * ContainerStatus of each), newest first, as the pod cache and SyncTerminatingPod use it.
 */
export function getPodStatus(cri: CriClient, uid: string, cause: number, ref: ObjectRef | undefined, then: (status: RuntimePodStatus, seq: number) => void): void {
  const labelSelector = { 'io.kubernetes.pod.uid': uid };
  cri.call('ListPodSandbox', { filter: { labelSelector } }, cause, ref, (sbList, d1) => {
    const items = ((sbList.items ?? []) as { id: string }[]).map((s) => s.id);
    const sandboxes: RuntimeSandboxStatus[] = [];
    const eachSandbox = (i: number, seq: number): void => {
      const id = items[i];
      if (id === undefined) {
        listContainers(seq);
        return;
      }
      cri.call('PodSandboxStatus', { podSandboxId: id, verbose: false }, seq, ref, (res, d) => {
        const sb = sandboxFromStatus(res);
        if (sb) sandboxes.push(sb);
        eachSandbox(i + 1, d.seq);
      });
    };
    const listContainers = (seq: number): void => {
      cri.call('ListContainers', { filter: { labelSelector } }, seq, ref, (cList, d2) => {
        const ids = ((cList.containers ?? []) as { id: string }[]).map((c) => c.id);
        const containers: RuntimeContainerStatus[] = [];
        const eachContainer = (i: number, s: number): void => {
          const id = ids[i];
          if (id === undefined) {
            sandboxes.sort((a, b) => b.createdAt - a.createdAt);
            containers.sort((a, b) => b.createdAt - a.createdAt);
            then({ uid, sandboxes, containers }, s);
            return;
          }
          cri.call('ContainerStatus', { containerId: id, verbose: false }, s, ref, (res, d) => {
            const c = containerFromStatus(res);
            if (c) containers.push(c);
            eachContainer(i + 1, d.seq);
          });
        };
        eachContainer(0, d2.seq);
      });
    };
    eachSandbox(0, d1.seq);
  });
}

/** int64 nanoseconds (a protobuf JSON string) → Unix µs. */
export function nanosToUnixMicros(ns: unknown): number {
  if (typeof ns !== 'string' && typeof ns !== 'number') return 0;
  return Number(BigInt(ns) / 1000n);
}

function sandboxFromStatus(res: CriResponse): RuntimeSandboxStatus | undefined {
  const s = res.status as { id?: string; state?: string; createdAt?: string; metadata?: { attempt?: number }; network?: { ip?: string } } | undefined;
  if (!s?.id) return undefined;
  return { id: s.id, ready: s.state === 'SANDBOX_READY', attempt: s.metadata?.attempt ?? 0, createdAt: nanosToUnixMicros(s.createdAt), ip: s.network?.ip ?? '' };
}

/** A ContainerStatus response as the kubelet reads it (toKubeContainerStatus): restartCount from its annotation. */
export function containerFromStatus(res: CriResponse): RuntimeContainerStatus | undefined {
  const s = res.status as
    | { id?: string; metadata?: { name?: string }; state?: string; createdAt?: string; startedAt?: string; finishedAt?: string; exitCode?: number; reason?: string; message?: string; image?: { image?: string }; imageRef?: string; labels?: Record<string, string>; annotations?: Record<string, string> }
    | undefined;
  if (!s?.id) return undefined;
  const state = fromCriState(s.state ?? '');
  const out: RuntimeContainerStatus = {
    id: s.id,
    name: s.labels?.['io.kubernetes.container.name'] ?? s.metadata?.name ?? '',
    state,
    restartCount: Number(s.annotations?.['io.kubernetes.container.restartCount'] ?? 0),
    createdAt: nanosToUnixMicros(s.createdAt),
    exitCode: state === 'running' ? 0 : (s.exitCode ?? 0),
    reason: state === 'running' ? '' : (s.reason ?? ''),
    message: state === 'running' ? '' : (s.message ?? ''),
    image: s.image?.image ?? '',
    imageRef: s.imageRef ?? '',
  };
  const started = nanosToUnixMicros(s.startedAt);
  const finished = nanosToUnixMicros(s.finishedAt);
  if (started) out.startedAt = started;
  if (finished) out.finishedAt = finished;
  return out;
}
