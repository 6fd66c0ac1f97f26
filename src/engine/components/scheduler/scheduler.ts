import { createRng, type Rng } from '../../../base/rng.ts';
import { toRfc3339 } from '../../../base/time.ts';
import type { Node, Pod, PodCondition } from '../../../domain/k8s/objects.ts';
import { scheduled } from '../../../domain/events/messages.ts';
import {
  EventAssignedPodAdd,
  EventAssignedPodDelete,
  EventNodeAdd,
  EventNodeDelete,
  defaultPreemptionPlugin,
  eventLabel,
  nextWindowStart,
  nodeSchedulingPropertiesChange,
  podQueueKey,
  podSchedulingPropertiesChange,
  podStatusPatch,
  schedulingGatesPlugin,
  SchedulingQueue,
  truncateMessage,
  UNSCHEDULABLE_PODS_FLUSH_INTERVAL,
  type ClusterEvent,
  type NominatingInfo,
  type QueueMove,
  type QueuedPodInfo,
} from '../../../domain/scheduler/index.ts';
import { addPodToNodeInfo, createNodeInfo, removePodFromNodeInfo, schedulePod, setNodeInfoNode, type NodeInfo, type SchedulePlan } from '../../../domain/scheduler/types.ts';
import type { ObjectRef } from '../../../trace/schema.ts';
import { ApiClient } from '../../api/client.ts';
import { EventRecorder } from '../../api/event-recorder.ts';
import { isStatus } from '../../api/http.ts';
import { Informer, keyOf } from '../../api/informer.ts';
import type { Actor, Delivery } from '../../runtime/actor.ts';
import type { ScheduledItem } from '../../runtime/event-queue.ts';
import type { MachineInstance } from '../../runtime/machine-host.ts';
import type { Simulation } from '../../runtime/simulation.ts';
import { refOf } from '../apiserver/apiserver.ts';
import { CYCLE_OVERHEAD, CycleTrace, DETAILED_SCHEDULING_MAX_NODES, PER_PLUGIN_NODE } from './cycle-trace.ts';
import { PreemptionExecutor, SCHEDULER_NAME } from './preemption-executor.ts';
import { bindingCycleMachine, schedulerMachine } from './scheduler.machine.ts';

export { DETAILED_SCHEDULING_MAX_NODES } from './cycle-trace.ts';

/** Simulated durations of the short extension points (µs). */
const RESERVE_DUR = 20;
const PERMIT_DUR = 10;
/** One preemption dry run on one node. */
const PER_DRY_RUN_NODE = 8;

/** The two halves of the scheduler's pod handlers: bound pods, and pods this profile schedules. */
const assigned = (pod: Pod): boolean => Boolean(pod.spec.nodeName);
const responsibleForPod = (pod: Pod): boolean => (pod.spec.schedulerName ?? SCHEDULER_NAME) === SCHEDULER_NAME;

/**
 * kube-scheduler with the default profile (pkg/scheduler: eventhandlers.go, schedule_one.go):
 * informers for nodes and pods feed the cache (NodeInfos) and the scheduling queue
 * (domain/scheduler/queue); one pod at a time goes through the scheduling cycle (PreFilter,
 * Filter, PostFilter, PreScore, Score, NormalizeScore, Reserve, Permit), each extension point
 * a span; a binding cycle then runs on its own (PreBind, Bind = DefaultBinder's POST
 * pods/binding, PostBind). A pod that fits nowhere gets a FailedScheduling Event and the
 * PodScheduled=False condition, and waits in the queue for a cluster event; DefaultPreemption
 * nominates a node and evicts the victims through the API.
 */
export class Scheduler implements Actor {
  readonly id = 'scheduler';
  private readonly client: ApiClient;
  private readonly events: EventRecorder;
  private readonly machine: MachineInstance<typeof schedulerMachine>;
  private readonly trace: CycleTrace;
  private readonly nodes = new Map<string, NodeInfo>();
  private nodeList: NodeInfo[] = [];
  /** Assumed pods (key → node): counted on their node before the binding is confirmed. */
  private readonly assumed = new Map<string, string>();
  private readonly podInformer: Informer;
  private readonly nodeInformer: Informer;
  private readonly preemption: PreemptionExecutor;
  readonly queue: SchedulingQueue;
  private startNodeIndex = 0;
  private kickPending = false;
  /** The cause of the queue moves being made now. */
  private moveCause = 0;
  /** The last queue move of each queued pod, the cause of its Pop. */
  private readonly lastMove = new Map<string, number>();
  private backoffFlush: ScheduledItem | undefined;
  /**
   * Ties between equally scored nodes are broken at random, as upstream does, but from a
   * stream that does not depend on the scenario seed: a new seed renames objects without
   * moving pods to other nodes, so a tour tells the same story with any seed.
   */
  private readonly tieBreaker: Rng = createRng('kube-scheduler/selectHost');

  constructor(
    private readonly sim: Simulation,
    readonly host: string,
  ) {
    this.client = new ApiClient(sim, this.id, { user: 'system:kube-scheduler', groups: ['system:authenticated'], userAgent: 'kube-scheduler/v1.34.2 (linux/amd64) kubernetes/scheduler' });
    this.events = new EventRecorder(sim, this.id, this.client, { component: SCHEDULER_NAME });
    this.trace = new CycleTrace(sim, this.id);
    this.machine = sim.startMachine(schedulerMachine, { actor: this.id, machine: 'scheduler' });
    this.preemption = new PreemptionExecutor(sim, this.client, this.events, this.trace, (preemptor, cause) => {
      this.withCause(this.trace.span('Activate', refOf(preemptor), cause, { reason: 'preemption failed' }), () => this.queue.activate([preemptor], this.sim.now));
    });
    this.queue = new SchedulingQueue({
      onMove: (m) => this.traceMove(m),
      preEnqueuePlugins: [schedulingGatesPlugin, defaultPreemptionPlugin((uid) => this.preemption.preempting.has(uid))],
      lookupPod: (key) => this.podInformer.get(key) as Pod | undefined,
    });
    const onSynced = (cause: number): void => {
      if (this.podInformer.synced && this.nodeInformer.synced) {
        this.machine.send({ type: 'INFORMERS_SYNCED' }, cause);
        this.kick();
      }
    };
    this.nodeInformer = new Informer(this.client, '/api/v1/nodes', {
      onAdd: (node, cause) => this.addNodeToCache(node as Node, cause),
      onUpdate: (old, node, cause) => this.updateNodeInCache(old as Node, node as Node, cause),
      onDelete: (node, cause) => this.deleteNodeFromCache(node as Node, cause),
      onSynced,
    });
    // FilteringResourceEventHandlers: assigned pods feed the cache, unassigned ones the queue;
    // a pod that gets bound leaves the queue's handler (a delete) and enters the cache's (an add).
    this.podInformer = new Informer(this.client, '/api/v1/pods', {
      onAdd: (obj, cause) => {
        const pod = obj as Pod;
        if (assigned(pod)) this.addPodToCache(pod, cause);
        else if (responsibleForPod(pod)) this.withCause(cause, () => this.queue.add(pod, this.sim.now));
        this.kick();
      },
      onUpdate: (oldObj, obj, cause) => {
        const old = oldObj as Pod;
        const pod = obj as Pod;
        if (assigned(pod)) {
          if (!assigned(old)) {
            if (responsibleForPod(old)) this.withCause(cause, () => this.queue.delete(old));
            this.addPodToCache(pod, cause);
          } else this.updatePodInCache(old, pod, cause);
        } else if (responsibleForPod(pod)) this.updatePodInSchedulingQueue(old, pod, cause);
        this.kick();
      },
      onDelete: (obj, cause) => {
        const pod = obj as Pod;
        if (assigned(pod)) this.deletePodFromCache(pod, cause);
        else if (responsibleForPod(pod)) this.withCause(cause, () => this.queue.delete(pod));
        this.kick();
      },
      onSynced,
    });
  }

  start(): void {
    this.nodeInformer.start();
    this.podInformer.start();
    this.scheduleLeftoverFlush();
  }

  receive(msg: Delivery): void {
    this.client.handle(msg);
  }

  // ---------------------------------------------------------------- tracing the queue

  private withCause<T>(cause: number, f: () => T): T {
    const before = this.moveCause;
    this.moveCause = cause;
    try {
      return f();
    } finally {
      this.moveCause = before;
      this.syncBackoffFlush();
    }
  }

  /** Each queue move is a zero-length span named after upstream's function. */
  private traceMove(m: QueueMove): void {
    const p = m.pInfo;
    const attrs: Record<string, unknown> = { pod: p.key };
    if (m.event) attrs.event = m.event;
    if (m.op === 'PreEnqueue') {
      attrs.plugins = ['SchedulingGates', 'DefaultPreemption'];
      attrs.code = m.plugin ? 'UnschedulableAndUnresolvable' : 'Success';
      if (m.plugin) {
        attrs.plugin = m.plugin;
        attrs.message = m.message;
      }
    } else {
      attrs.attempts = p.attempts;
      if (m.hint) attrs.hint = m.hint;
      if (m.op === 'backoffQ.add') attrs.backoffExpiration = m.backoffExpiration;
      if (m.op === 'unschedulablePods.addOrUpdate' && p.unschedulablePlugins.size > 0) attrs.unschedulablePlugins = [...p.unschedulablePlugins];
    }
    // A pop, and a move no handler caused (a flush timer), follow the pod's previous move.
    const cause = m.op === 'activeQ.pop' || m.op === 'backoffQ.popBackoff' || this.moveCause === 0 ? (this.lastMove.get(p.key) ?? this.moveCause) : this.moveCause;
    const seq = this.trace.span(m.op, refOf(p.pod), cause, attrs);
    this.moveCause = seq;
    if (m.op.endsWith('.delete')) this.lastMove.delete(p.key);
    else this.lastMove.set(p.key, seq);
  }

  /** A queue operation that looks at unschedulable pods, traced as a parent span when it has something to look at. */
  private queueOp(op: string, event: ClusterEvent, cause: number, f: () => number, ref?: ObjectRef): void {
    if (!this.queue.wouldConsiderMove(event)) {
      this.withCause(cause, f);
      return;
    }
    const seq = this.trace.span(op, ref, cause, { event: eventLabel(event), unschedulablePods: this.queue.unschedulableCount });
    this.withCause(seq, f);
    this.kick();
  }

  // ---------------------------------------------------------------- queue timers

  /** flushBackoffQCompleted runs at every whole second while backoffQ holds pods. */
  private syncBackoffFlush(): void {
    if (this.queue.backoffQLength === 0) {
      if (this.backoffFlush) this.sim.cancel(this.backoffFlush);
      this.backoffFlush = undefined;
      return;
    }
    if (this.backoffFlush) return;
    this.backoffFlush = this.sim.after(nextWindowStart(this.sim.now) - this.sim.now, () => {
      this.backoffFlush = undefined;
      // The moves are traced, the idle ticks are not; withCause re-arms the timer.
      const moved = this.withCause(0, () => this.queue.flushBackoffQCompleted(this.sim.now));
      if (moved > 0) this.kick();
    }, { label: 'flushBackoffQCompleted' });
  }

  /** flushUnschedulablePodsLeftover every 30 s (wait.Until), in the background. */
  private scheduleLeftoverFlush(): void {
    this.sim.after(UNSCHEDULABLE_PODS_FLUSH_INTERVAL, () => {
      if (this.queue.unschedulableCount > 0) {
        const moved = this.withCause(0, () => this.queue.flushUnschedulablePodsLeftover(this.sim.now));
        if (moved > 0) this.kick();
      }
      this.scheduleLeftoverFlush();
    }, { background: true, label: 'flushUnschedulablePodsLeftover' });
  }

  // ---------------------------------------------------------------- event handlers (eventhandlers.go)

  private addNodeToCache(node: Node, cause: number): void {
    const name = node.metadata.name ?? '';
    const existing = this.nodes.get(name);
    if (existing) setNodeInfoNode(existing, node);
    else {
      const info = createNodeInfo(node);
      this.nodes.set(name, info);
      this.nodeList.push(info);
    }
    this.queueOp('MoveAllToActiveOrBackoffQueue', EventNodeAdd, cause, () => this.queue.moveAllToActiveOrBackoffQueue(EventNodeAdd, undefined, node, this.sim.now), refOf(node));
  }

  private updateNodeInCache(old: Node, node: Node, cause: number): void {
    const info = this.nodes.get(node.metadata.name ?? '');
    if (info) setNodeInfoNode(info, node);
    else this.addNodeToCache(node, cause);
    for (const evt of nodeSchedulingPropertiesChange(node, old)) {
      this.queueOp('MoveAllToActiveOrBackoffQueue', evt, cause, () => this.queue.moveAllToActiveOrBackoffQueue(evt, old, node, this.sim.now), refOf(node));
    }
  }

  private deleteNodeFromCache(node: Node, cause: number): void {
    const name = node.metadata.name ?? '';
    if (!this.nodes.delete(name)) return;
    this.nodeList = this.nodeList.filter((n) => n.name !== name);
    if (this.startNodeIndex >= this.nodeList.length) this.startNodeIndex = 0;
    this.queueOp('MoveAllToActiveOrBackoffQueue', EventNodeDelete, cause, () => this.queue.moveAllToActiveOrBackoffQueue(EventNodeDelete, node, undefined, this.sim.now), refOf(node));
  }

  /** cache.AddPod: confirms an assumed pod, or counts a pod bound by someone else. */
  private addPodToCache(pod: Pod, cause: number): void {
    const key = keyOf(pod);
    const info = this.nodes.get(pod.spec.nodeName ?? '');
    const assumedOn = this.assumed.get(key);
    if (assumedOn !== undefined && assumedOn !== pod.spec.nodeName) {
      const wrong = this.nodes.get(assumedOn);
      if (wrong) removePodFromNodeInfo(wrong, pod);
    }
    this.assumed.delete(key);
    if (info) addPodToNodeInfo(info, pod);
    this.queueOp('AssignedPodAdded', EventAssignedPodAdd, cause, () => this.queue.assignedPodAdded(pod, this.sim.now), refOf(pod));
  }

  private updatePodInCache(old: Pod, pod: Pod, cause: number): void {
    const info = this.nodes.get(pod.spec.nodeName ?? '');
    if (info) addPodToNodeInfo(info, pod);
    for (const evt of podSchedulingPropertiesChange(pod, old)) {
      this.queueOp('AssignedPodUpdated', evt, cause, () => this.queue.assignedPodUpdated(old, pod, evt, this.sim.now), refOf(pod));
    }
  }

  private deletePodFromCache(pod: Pod, cause: number): void {
    const info = this.nodes.get(pod.spec.nodeName ?? '');
    if (info) removePodFromNodeInfo(info, pod);
    this.assumed.delete(keyOf(pod));
    this.queueOp('MoveAllToActiveOrBackoffQueue', EventAssignedPodDelete, cause, () => this.queue.moveAllToActiveOrBackoffQueue(EventAssignedPodDelete, pod, undefined, this.sim.now), refOf(pod));
  }

  private updatePodInSchedulingQueue(old: Pod, pod: Pod, cause: number): void {
    // An update that carries the same object (a resync) is dropped.
    if (old.metadata.resourceVersion !== undefined && old.metadata.resourceVersion === pod.metadata.resourceVersion) return;
    if (this.assumed.has(keyOf(pod))) return;
    this.withCause(cause, () => this.queue.update(old, pod, this.sim.now));
    if ((old.status?.nominatedNodeName ?? '') !== (pod.status?.nominatedNodeName ?? '')) {
      // The pod no longer holds room on its old nominated node for lower-or-equal priority pods.
      const priority = old.spec.priority ?? 0;
      this.queueOp('MoveAllToActiveOrBackoffQueue', EventAssignedPodDelete, cause, () =>
        this.queue.moveAllToActiveOrBackoffQueue(EventAssignedPodDelete, old, undefined, this.sim.now, (p) => (p.spec.priority ?? 0) <= priority),
      );
    }
  }

  // ---------------------------------------------------------------- the scheduling cycle (schedule_one.go)

  private kick(): void {
    if (this.kickPending || this.machine.state !== 'idle' || !this.queue.hasPoppable()) return;
    this.kickPending = true;
    this.sim.after(0, () => {
      this.kickPending = false;
      this.scheduleOne();
    });
  }

  private scheduleOne(): void {
    if (this.machine.state !== 'idle') return;
    const pInfo = this.withCause(0, () => this.queue.pop());
    if (!pInfo) return;
    const popSeq = this.lastMove.get(pInfo.key) ?? 0;
    this.lastMove.delete(pInfo.key);
    const pod = pInfo.pod;
    const ref = refOf(pod);
    // skipPodSchedule: a pod being deleted, or one already assumed.
    if (pod.metadata.deletionTimestamp) {
      this.events.event(pod, 'Warning', 'FailedScheduling', `skip schedule deleting pod: ${pod.metadata.namespace ?? 'default'}/${pod.metadata.name ?? ''}`, popSeq);
      this.queue.done(pInfo.uid);
      this.kick();
      return;
    }
    if (this.assumed.has(pInfo.key)) {
      this.queue.done(pInfo.uid);
      this.kick();
      return;
    }
    this.machine.send({ type: 'POP' }, popSeq);
    const detailed = this.nodeList.length <= DETAILED_SCHEDULING_MAX_NODES;
    const sortSeq = this.trace.span('QueueSort', ref, this.machine.stateSeq, { plugin: 'PrioritySort', priority: pInfo.priority, attempts: pInfo.attempts });
    const plan = schedulePod(pod, this.nodeList, {
      startNodeIndex: this.startNodeIndex,
      recordDetails: detailed,
      tieBreak: (n) => this.tieBreaker.int(n),
      ...(this.queue.hasNominatedPods ? { nominatedPodsForNode: (n: string) => this.queue.nominatedPodsForNode(n) } : {}),
    });
    this.startNodeIndex = plan.nextStartNodeIndex;
    const preSeq = this.trace.preFilter(plan, ref, sortSeq);
    const filterDur = CYCLE_OVERHEAD + plan.evaluatedNodes * PER_PLUGIN_NODE;
    const filterSeq = plan.preFilterStatus ? preSeq : this.trace.filter(plan, ref, preSeq, filterDur, detailed);
    const dur = plan.preFilterStatus ? CYCLE_OVERHEAD : filterDur;
    this.sim.after(dur, () => {
      if (!plan.selected) {
        this.failCycle(pInfo, plan, filterSeq);
        return;
      }
      if (plan.feasibleNodes.length === 1) {
        // One feasible node: prioritizeNodes does not run.
        this.machine.send({ type: 'SELECTED' }, filterSeq);
        this.reserveAndPermit(pInfo, plan, this.machine.stateSeq);
        return;
      }
      this.machine.send({ type: 'FILTERED' }, filterSeq);
      const preScoreSeq = this.trace.preScore(plan, ref, this.machine.stateSeq);
      const scoreDur = CYCLE_OVERHEAD + plan.feasibleNodes.length * PER_PLUGIN_NODE;
      const scoreSeq = this.trace.score(plan, ref, preScoreSeq, scoreDur, detailed);
      this.sim.after(scoreDur, () => {
        const normSeq = this.trace.normalizeScore(plan, ref, scoreSeq);
        this.machine.send({ type: 'SCORED' }, normSeq);
        this.reserveAndPermit(pInfo, plan, this.machine.stateSeq);
      });
    });
  }

  /** The rest of schedulingCycle: assume, Reserve, Permit; then the binding cycle. */
  private reserveAndPermit(pInfo: QueuedPodInfo, plan: SchedulePlan, cause: number): void {
    const pod = pInfo.pod;
    const ref = refOf(pod);
    const node = plan.selected as string;
    // assume: the cache counts the pod on the node before the bind is done.
    const info = this.nodes.get(node);
    if (info) addPodToNodeInfo(info, { ...pod, spec: { ...pod.spec, nodeName: node } });
    this.assumed.set(pInfo.key, node);
    this.queue.deleteNominatedPodIfExists(pod);
    const reserveSeq = this.trace.span('Reserve', ref, cause, { node, plugins: ['VolumeBinding'], code: 'Success' }, RESERVE_DUR);
    this.sim.after(RESERVE_DUR, () => {
      this.machine.send({ type: 'RESERVED' }, reserveSeq);
      const permitSeq = this.trace.span('Permit', ref, this.machine.stateSeq, { node, plugins: [], code: 'Success' }, PERMIT_DUR);
      this.sim.after(PERMIT_DUR, () => {
        this.machine.send({ type: 'PERMITTED' }, permitSeq);
        this.bindingCycle(pInfo, node, permitSeq);
        this.kick();
      });
    });
  }

  /** The binding cycle: WaitOnPermit, PreBind, Bind (DefaultBinder POSTs pods/binding), PostBind. */
  private bindingCycle(pInfo: QueuedPodInfo, node: string, cause: number): void {
    const pod = pInfo.pod;
    const ref = refOf(pod);
    const cycle = this.sim.startMachine(bindingCycleMachine, { actor: this.id, machine: 'binding-cycle', instance: keyOf(pod), ref }, { cause });
    cycle.send({ type: 'ALLOWED' }, cause);
    // Failures from here on are errors, not Unschedulable: the in-flight events can go.
    this.queue.done(pInfo.uid);
    const preBindSeq = this.trace.span('PreBind', ref, cycle.stateSeq, { node, plugins: ['VolumeBinding'], code: 'Success' });
    cycle.send({ type: 'PREBOUND' }, preBindSeq);
    const binding = {
      apiVersion: 'v1',
      kind: 'Binding',
      metadata: { name: pod.metadata.name, namespace: pod.metadata.namespace, uid: pod.metadata.uid },
      target: { apiVersion: 'v1', kind: 'Node', name: node },
    };
    const bindSeq = this.trace.span('Bind', ref, cycle.stateSeq, { plugin: 'DefaultBinder', node });
    this.client.request('POST', `/api/v1/namespaces/${pod.metadata.namespace}/pods/${pod.metadata.name}/binding`, { body: binding, cause: bindSeq, ref }, (res, delivery) => {
      if (res.code === 201) {
        cycle.send({ type: 'BOUND' }, delivery.seq);
        const evSeq = this.events.record(pod, scheduled(pod.metadata.namespace ?? 'default', pod.metadata.name ?? '', node), cycle.stateSeq);
        this.trace.span('PostBind', ref, evSeq, { node, plugins: [] });
        return;
      }
      // handleBindingCycleError: Unreserve, forget the assumed pod (an AssignedPodDelete for the
      // others), then the failure handler with a SchedulerError.
      cycle.send({ type: 'FAILED' }, delivery.seq);
      const assumedPod = { ...pod, spec: { ...pod.spec, nodeName: node } };
      const info = this.nodes.get(node);
      if (info) removePodFromNodeInfo(info, assumedPod);
      this.assumed.delete(pInfo.key);
      this.queueOp('MoveAllToActiveOrBackoffQueue', EventAssignedPodDelete, cycle.stateSeq, () =>
        this.queue.moveAllToActiveOrBackoffQueue(EventAssignedPodDelete, assumedPod, undefined, this.sim.now),
      );
      const message = isStatus(res.body) ? res.body.message : `binding rejected: ${res.code}`;
      pInfo.unschedulablePlugins = new Set();
      this.handleSchedulingFailure(pInfo, message, 'SchedulerError', { mode: 'Override', nominatedNodeName: '' }, cycle.stateSeq);
      this.kick();
    });
  }

  /** The cycle ended without a node: PostFilter ran (when there were nodes), then the failure handler. */
  private failCycle(pInfo: QueuedPodInfo, plan: SchedulePlan, cause: number): void {
    const pod = pInfo.pod;
    const ref = refOf(pod);
    const noNodes = this.nodeList.length === 0;
    if (!plan.postFilter) {
      this.machine.send({ type: 'UNSCHEDULABLE' }, cause);
      if (!noNodes) pInfo.unschedulablePlugins = new Set(plan.unschedulablePlugins);
      this.handleSchedulingFailure(pInfo, plan.message ?? '', 'Unschedulable', { mode: 'Override', nominatedNodeName: '' }, this.machine.stateSeq);
      this.kick();
      return;
    }
    this.machine.send({ type: 'POSTFILTER' }, cause);
    const dryRuns = plan.preemption ? plan.preemption.candidates.length : 0;
    const pfDur = CYCLE_OVERHEAD + dryRuns * PER_DRY_RUN_NODE;
    const pfSeq = this.trace.postFilter(plan, ref, this.machine.stateSeq, pfDur);
    if (plan.postFilter.code === 'Success' && plan.preemption?.nominatedNode) {
      const node = plan.preemption.nominatedNode;
      const lower = this.queue.nominatedPodsForNode(node).filter((p) => (p.spec.priority ?? 0) < pInfo.priority);
      const victims = plan.preemption.victims.map((v) => (this.podInformer.get(keyOf(v)) as Pod | undefined) ?? v);
      this.preemption.prepareCandidateAsync(pod, node, victims, lower, pfSeq);
    }
    this.sim.after(pfDur, () => {
      this.machine.send({ type: 'UNSCHEDULABLE' }, pfSeq);
      pInfo.unschedulablePlugins = new Set(plan.unschedulablePlugins);
      const info = plan.postFilter?.nominatingInfo;
      this.handleSchedulingFailure(pInfo, plan.message ?? '', 'Unschedulable', info ? { mode: 'Override', nominatedNodeName: info.nominatedNodeName } : undefined, this.machine.stateSeq);
      this.kick();
    });
  }

  /**
   * handleSchedulingFailure: back to the queue (AddUnschedulableIfNotPresent with the informer's
   * latest copy), the nomination, a FailedScheduling Event, and the PodScheduled=False
   * condition (plus status.nominatedNodeName) patched into the pod's status when they changed.
   */
  private handleSchedulingFailure(pInfo: QueuedPodInfo, message: string, reason: 'Unschedulable' | 'SchedulerError', nominating: NominatingInfo | undefined, cause: number): void {
    const pod = pInfo.pod;
    const ref = refOf(pod);
    const cached = this.podInformer.get(pInfo.key) as Pod | undefined;
    const addSeq = this.trace.span('AddUnschedulableIfNotPresent', ref, cause, { schedulingCycle: this.queue.schedulingCycle, unschedulablePlugins: [...pInfo.unschedulablePlugins] });
    if (!cached || cached.spec.nodeName) {
      this.queue.done(pInfo.uid);
    } else {
      pInfo.pod = cached;
      this.withCause(addSeq, () => this.queue.addUnschedulableIfNotPresent(pInfo, this.sim.now));
    }
    this.queue.addNominatedPod(pInfo.pod, nominating);
    const evSeq = this.events.event(pod, 'Warning', 'FailedScheduling', truncateMessage(message), addSeq);
    const current = cached ?? pod;
    const generation = current.metadata.generation;
    const condition: PodCondition = {
      type: 'PodScheduled',
      status: 'False',
      reason,
      message,
      lastProbeTime: null,
      lastTransitionTime: toRfc3339(this.sim.timeOrigin, this.sim.now),
      ...(typeof generation === 'number' ? { observedGeneration: generation } : {}),
    };
    const patch = podStatusPatch(current, condition, nominating?.mode === 'Override' ? nominating.nominatedNodeName : undefined);
    if (!patch) return;
    this.client.request('PATCH', `/api/v1/namespaces/${pod.metadata.namespace ?? 'default'}/pods/${pod.metadata.name ?? ''}/status`, { body: patch, cause: evSeq, ref, contentType: 'application/strategic-merge-patch+json' }, () => {
      // updatePod only logs a failed patch; the next attempt sends a fresh one.
    });
  }

  // ---------------------------------------------------------------- inspection

  /** For tests and views: how many pods each node holds in the scheduler's cache. */
  podsPerNode(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const [name, info] of this.nodes) out[name] = info.pods.length;
    return out;
  }

  /** Where a pod waits in the scheduling queue, if it does. */
  queuedIn(pod: Pod): 'activeQ' | 'backoffQ' | 'unschedulablePods' | undefined {
    return this.queue.getPod(podQueueKey(pod))?.queue;
  }
}
