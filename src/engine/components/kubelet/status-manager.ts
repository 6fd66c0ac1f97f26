import type { Pod, PodStatus } from '../../../domain/k8s/objects.ts';
import type { ApiClient } from '../../api/client.ts';
import type { Simulation } from '../../runtime/simulation.ts';
import { refOf } from '../apiserver/apiserver.ts';

/**
 * The kubelet's status manager (pkg/kubelet/status/status_manager.go): it keeps the latest status
 * of each pod, and sends it to the API (`PATCH pods/<name>/status`, a strategic merge patch with
 * the pod's uid as precondition) only when it differs from what it sent last
 * (isPodStatusByKubeletEqual), right away (the podStatusChannel) rather than on the 10 s batch.
 */
export class StatusManager {
  private readonly statuses = new Map<string, PodStatus>();
  private readonly sent = new Map<string, string>();

  constructor(
    private readonly sim: Simulation,
    private readonly actorId: string,
    private readonly client: ApiClient,
  ) {}

  /** GetPodStatus: the latest status set for the pod. */
  get(uid: string): PodStatus | undefined {
    return this.statuses.get(uid);
  }

  /**
   * SetPodStatus. Returns the seq of the status span when a PATCH went out, else `cause`; `then`
   * runs when the PATCH is answered (at once when nothing was sent).
   */
  set(pod: Pod, status: PodStatus, cause: number, then?: (seq: number) => void): number {
    const uid = pod.metadata.uid ?? '';
    this.statuses.set(uid, status);
    const json = JSON.stringify(status);
    if (this.sent.get(uid) === json) {
      then?.(cause);
      return cause;
    }
    this.sent.set(uid, json);
    const seq = this.sim.recorder.record({ kind: 'span', actor: this.actorId, op: 'generateAPIPodStatus', dur: 50, ref: refOf(pod), cause, attrs: { phase: status.phase } });
    this.client.request('PATCH', `/api/v1/namespaces/${pod.metadata.namespace}/pods/${pod.metadata.name}/status`, { body: { metadata: { uid }, status }, contentType: 'application/strategic-merge-patch+json', cause: seq, ref: refOf(pod) }, (_res, d) => then?.(d.seq));
    return seq;
  }

  forget(uid: string): void {
    this.statuses.delete(uid);
    this.sent.delete(uid);
  }
}
