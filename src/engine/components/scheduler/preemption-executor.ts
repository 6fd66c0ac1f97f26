/**
 * The API side of DefaultPreemption once a node is nominated (framework/preemption/preemption.go
 * prepareCandidateAsync and Evaluator.PreemptPod, SchedulerAsyncPreemption on since 1.33):
 *
 *  1. clear status.nominatedNodeName of lower-priority pods nominated to the same node;
 *  2. preempt every victim but the last one in parallel: a DisruptionTarget=True condition
 *     (reason PreemptionByScheduler) patched into its status, then a DELETE of the pod, then a
 *     Normal "Preempted" Event on the victim;
 *  3. the preemptor leaves the "preempting" set (DefaultPreemption's PreEnqueue gate) and the
 *     last victim is preempted, so its deletion event can move the preemptor back to a queue.
 *
 * If a call fails, the preemptor is activated so it does not wait forever in unschedulablePods.
 */
import { toRfc3339 } from '../../../base/time.ts';
import type { Pod, PodCondition } from '../../../domain/k8s/objects.ts';
import { podStatusPatch } from '../../../domain/scheduler/status-patch.ts';
import type { ApiClient } from '../../api/client.ts';
import type { EventRecorder } from '../../api/event-recorder.ts';
import type { Simulation } from '../../runtime/simulation.ts';
import { refOf } from '../apiserver/apiserver.ts';
import type { CycleTrace } from './cycle-trace.ts';

export const SCHEDULER_NAME = 'default-scheduler';

function podPath(p: Pod): string {
  return `/api/v1/namespaces/${p.metadata.namespace ?? 'default'}/pods/${p.metadata.name ?? ''}`;
}

export class PreemptionExecutor {
  /** Evaluator.preempting: preemptors whose victims are still being evicted. */
  readonly preempting = new Set<string>();

  constructor(
    private readonly sim: Simulation,
    private readonly client: ApiClient,
    private readonly events: EventRecorder,
    private readonly trace: CycleTrace,
    private readonly onFailed: (preemptor: Pod, cause: number) => void,
  ) {}

  /** prepareCandidateAsync: starts evicting `victims` from `node` for `preemptor`. */
  prepareCandidateAsync(preemptor: Pod, node: string, victims: readonly Pod[], lowerNominated: readonly Pod[], cause: number): void {
    const uid = preemptor.metadata.uid ?? '';
    const ref = refOf(preemptor);
    const pending = victims.filter((v) => !v.metadata.deletionTimestamp);
    const seq = this.trace.span('prepareCandidateAsync', ref, cause, {
      node,
      victims: pending.map((v) => `${v.metadata.namespace ?? 'default'}/${v.metadata.name ?? ''}`),
      clearNominatedNodeName: lowerNominated.map((p) => `${p.metadata.namespace ?? 'default'}/${p.metadata.name ?? ''}`),
    });
    if (pending.length === 0) return;
    this.preempting.add(uid);
    let failed = false;
    for (const p of lowerNominated) {
      this.client.request('PATCH', `${podPath(p)}/status`, { body: { status: { nominatedNodeName: null } }, contentType: 'application/strategic-merge-patch+json', cause: seq, ref: refOf(p) }, (res) => {
        if (res.code >= 300) failed = true;
      });
    }
    const last = pending[pending.length - 1] as Pod;
    const parallel = pending.slice(0, -1);
    let outstanding = parallel.length;
    const finish = (): void => {
      this.preempting.delete(uid);
      this.preemptPod(preemptor, last, node, seq, (ok, doneSeq) => {
        if (!ok || failed) this.onFailed(preemptor, doneSeq);
      });
    };
    if (outstanding === 0) {
      finish();
      return;
    }
    for (const v of parallel) {
      this.preemptPod(preemptor, v, node, seq, (ok) => {
        if (!ok) failed = true;
        if (--outstanding === 0) finish();
      });
    }
  }

  /** Evaluator.PreemptPod: DisruptionTarget condition, DELETE, Preempted Event. */
  private preemptPod(preemptor: Pod, victim: Pod, node: string, cause: number, done: (ok: boolean, seq: number) => void): void {
    const ref = refOf(victim);
    const generation = victim.metadata.generation;
    const condition: PodCondition = {
      type: 'DisruptionTarget',
      status: 'True',
      reason: 'PreemptionByScheduler',
      message: `${preemptor.spec.schedulerName ?? SCHEDULER_NAME}: preempting to accommodate a higher priority pod`,
      lastProbeTime: null,
      lastTransitionTime: toRfc3339(this.sim.timeOrigin, this.sim.now),
      ...(typeof generation === 'number' ? { observedGeneration: generation } : {}),
    };
    const del = (c: number): void => {
      this.client.request('DELETE', podPath(victim), { body: { kind: 'DeleteOptions', apiVersion: 'v1' }, cause: c, ref }, (res, delivery) => {
        if (res.code >= 300 && res.code !== 404) {
          done(false, delivery.seq);
          return;
        }
        const evSeq = this.events.event(victim, 'Normal', 'Preempted', `Preempted by pod ${preemptor.metadata.uid ?? ''} on node ${node}`, delivery.seq);
        done(true, evSeq);
      });
    };
    const patch = podStatusPatch(victim, condition, undefined);
    if (!patch) {
      del(cause);
      return;
    }
    this.client.request('PATCH', `${podPath(victim)}/status`, { body: patch, contentType: 'application/strategic-merge-patch+json', cause, ref }, (res, delivery) => {
      if (res.code >= 300) {
        done(false, delivery.seq);
        return;
      }
      del(delivery.seq);
    });
  }
}
