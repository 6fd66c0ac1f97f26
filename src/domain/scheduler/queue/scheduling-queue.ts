/**
 * kube-scheduler's PriorityQueue (backend/queue/scheduling_queue.go, active_queue.go,
 * backoff_queue.go, unschedulable_pods.go, nominator.go), as release 1.34 runs it:
 * SchedulerQueueingHints GA, SchedulerPopFromBackoffQ and SchedulerAsyncPreemption on.
 *
 * - activeQ: a heap ordered by QueueSort (PrioritySort: higher priority first, then the
 *   earlier queue timestamp). Pop takes its head; when it is empty, Pop takes the head of
 *   backoffQ's unschedulable part at once (PopFromBackoffQ) instead of leaving the cycle idle.
 * - backoffQ: two heaps ordered by backoff expiration (aligned to 1 s windows, ties by
 *   QueueSort), one for pods rejected by plugins and one for pods that failed with an error.
 *   flushBackoffQCompleted moves the expired ones to activeQ every whole second.
 * - unschedulablePods: rejected pods wait here until a cluster event whose QueueingHint says
 *   Queue moves them (MoveAllToActiveOrBackoffQueue), or 5 min pass
 *   (flushUnschedulablePodsLeftover, every 30 s).
 * - In-flight pods: events that arrive while a pod is being scheduled are remembered, and if
 *   the pod then fails, AddUnschedulableIfNotPresent looks at them first.
 * - PreEnqueue plugins (SchedulingGates, DefaultPreemption) gate pods into unschedulablePods.
 *
 * Time is passed in (simulated µs). Every move is reported to `onMove` so the engine can
 * trace it under upstream's function names.
 */
import type { Pod } from '../../k8s/objects.ts';
import {
  BackoffComplete,
  EventAssignedPodAdd,
  EventForceActivate,
  EventUnschedulableTimeout,
  EventUnscheduledPodAdd,
  EventUnscheduledPodUpdate,
  ForceActivate,
  PopFromBackoffQ,
  ScheduleAttemptFailure,
  ActionType,
  eventLabel,
  isWildCard,
  matchAnyClusterEvent,
  matchClusterEvents,
  podSchedulingPropertiesChange,
  type ClusterEvent,
} from './cluster-events.ts';
import { KeyedHeap } from './keyed-heap.ts';
import { alignToWindow, calculateBackoffDuration, isBackingOff, POD_INITIAL_BACKOFF, POD_MAX_BACKOFF, POD_MAX_IN_UNSCHEDULABLE_PODS_DURATION } from './backoff.ts';
import { POD_TOPOLOGY_SPREAD } from '../plugins/pod-topology-spread.ts';
import { DEFAULT_PREEMPTION, QUEUEING_HINTS, SCHEDULING_GATES, type HintRegistration } from './queueing-hints.ts';

/** framework.QueuedPodInfo. */
export interface QueuedPodInfo {
  pod: Pod;
  /** podInfoKeyFunc: namespace/name. */
  key: string;
  uid: string;
  priority: number;
  /** When the pod was (re-)added to the queue; QueueSort's tie breaker, the base of backoff. */
  timestamp: number;
  initialAttemptTimestamp: number | undefined;
  /** Scheduling attempts (incremented at every Pop). */
  attempts: number;
  /** Attempts that ended Unschedulable: the count backoff grows with. */
  unschedulableCount: number;
  /** Consecutive attempts that ended in an error (backoff uses it while it is not 0). */
  consecutiveErrorsCount: number;
  /** Cached, window-aligned backoff expiration; undefined when not computed or no backoff. */
  backoffExpiration: number | undefined;
  /** Plugins that rejected the pod in its last attempt (or gated it). */
  unschedulablePlugins: Set<string>;
  /** Plugins that returned Pending (none of the modelled plugins do). */
  pendingPlugins: Set<string>;
  gatingPlugin: string;
  gatingPluginEvents: readonly ClusterEvent[];
}

/** Upstream's names for the queue's internal operations. */
export type QueueOp =
  | 'activeQ.add'
  | 'activeQ.pop'
  | 'activeQ.delete'
  | 'backoffQ.add'
  | 'backoffQ.popBackoff'
  | 'backoffQ.delete'
  | 'unschedulablePods.addOrUpdate'
  | 'unschedulablePods.delete'
  | 'PreEnqueue';

export interface QueueMove {
  op: QueueOp;
  pInfo: QueuedPodInfo;
  /** The event label that caused it: UnschedulablePodAdd, NodeAdd, ScheduleAttemptFailure, BackoffComplete, … */
  event: string;
  /** PreEnqueue: the plugin that gated the pod and why ('' / undefined when it passed). */
  plugin?: string;
  message?: string;
  /** backoffQ.add: the aligned backoff expiration. */
  backoffExpiration?: number;
  /** The QueueingHint strategy that chose the queue (requeues only). */
  hint?: QueueingStrategy;
}

export type QueueingStrategy = 'queueSkip' | 'queueAfterBackoff' | 'queueImmediately';

/** A PreEnqueue plugin: null lets the pod in, a message gates it (UnschedulableAndUnresolvable). */
export interface PreEnqueuePlugin {
  name: string;
  preEnqueue(pod: Pod): string | null;
}

/** fwk.NominatingInfo: Override sets (or, with '', clears) the nominated node; Noop keeps status.nominatedNodeName. */
export interface NominatingInfo {
  mode: 'Override' | 'Noop';
  nominatedNodeName: string;
}

export interface SchedulingQueueOptions {
  onMove?: (move: QueueMove) => void;
  preEnqueuePlugins?: readonly PreEnqueuePlugin[];
  hints?: readonly HintRegistration[];
  podInitialBackoff?: number;
  podMaxBackoff?: number;
  podMaxInUnschedulablePodsDuration?: number;
  /** The informer's latest copy of a pod (nominator.go checks that a nominated pod still exists and is unbound). */
  lookupPod?: (key: string) => Pod | undefined;
}

interface InFlightEvent {
  event: ClusterEvent;
  oldObj: unknown;
  newObj: unknown;
}

export function podQueueKey(pod: Pod): string {
  return `${pod.metadata.namespace ?? 'default'}/${pod.metadata.name ?? ''}`;
}

function priorityOf(pod: Pod): number {
  return typeof pod.spec.priority === 'number' ? pod.spec.priority : 0;
}

/** queuesort.PrioritySort Less. */
export function prioritySortLess(a: QueuedPodInfo, b: QueuedPodInfo): boolean {
  return a.priority > b.priority || (a.priority === b.priority && a.timestamp < b.timestamp);
}

/** SchedulingGates PreEnqueue. */
export const schedulingGatesPlugin: PreEnqueuePlugin = {
  name: SCHEDULING_GATES,
  preEnqueue: (pod) => {
    const gates = pod.spec.schedulingGates ?? [];
    if (gates.length === 0) return null;
    return `waiting for scheduling gates: [${gates.map((g) => g.name).join(' ')}]`;
  },
};

/** DefaultPreemption PreEnqueue: a pod whose asynchronous preemption is still running waits. */
export function defaultPreemptionPlugin(isPreempting: (uid: string) => boolean): PreEnqueuePlugin {
  return {
    name: DEFAULT_PREEMPTION,
    preEnqueue: (pod) => (isPreempting(pod.metadata.uid ?? '') ? 'waiting for the preemption for this pod to be finished' : null),
  };
}

export class SchedulingQueue {
  private readonly activeQ = new KeyedHeap<QueuedPodInfo>((p) => p.key, prioritySortLess);
  private readonly podBackoffQ: KeyedHeap<QueuedPodInfo>;
  private readonly podErrorBackoffQ: KeyedHeap<QueuedPodInfo>;
  private readonly unschedulable = new Map<string, QueuedPodInfo>();
  private readonly inFlightPods = new Map<string, number>();
  private inFlightEvents: InFlightEvent[] = [];
  /** Absolute index of inFlightEvents[0]. */
  private inFlightBase = 0;
  private schedCycle = 0;
  private moveRequestCycle = -1;
  private readonly hints: readonly HintRegistration[];
  private readonly preEnqueuePlugins: readonly PreEnqueuePlugin[];
  private readonly onMove: (move: QueueMove) => void;
  private readonly initialBackoff: number;
  private readonly maxBackoff: number;
  private readonly maxInUnschedulable: number;
  private readonly lookupPod: ((key: string) => Pod | undefined) | undefined;
  /** nominator.go: node → pods nominated to it, and pod uid → node. */
  private readonly nominatedPods = new Map<string, Map<string, Pod>>();
  private readonly nominatedPodToNode = new Map<string, string>();

  constructor(opts: SchedulingQueueOptions = {}) {
    this.onMove = opts.onMove ?? (() => {});
    this.preEnqueuePlugins = opts.preEnqueuePlugins ?? [schedulingGatesPlugin];
    this.hints = opts.hints ?? QUEUEING_HINTS;
    this.initialBackoff = opts.podInitialBackoff ?? POD_INITIAL_BACKOFF;
    this.maxBackoff = opts.podMaxBackoff ?? POD_MAX_BACKOFF;
    this.maxInUnschedulable = opts.podMaxInUnschedulablePodsDuration ?? POD_MAX_IN_UNSCHEDULABLE_PODS_DURATION;
    this.lookupPod = opts.lookupPod;
    const backoffLess = (a: QueuedPodInfo, b: QueuedPodInfo): boolean => (this.backoffTime(a) ?? 0) < (this.backoffTime(b) ?? 0);
    // lessBackoffCompletedWithPriority: within one window, the activeQ order.
    this.podBackoffQ = new KeyedHeap((p) => p.key, (a, b) => {
      const x = this.backoffTime(a) ?? 0;
      const y = this.backoffTime(b) ?? 0;
      return x !== y ? x < y : prioritySortLess(a, b);
    });
    this.podErrorBackoffQ = new KeyedHeap((p) => p.key, backoffLess);
  }

  // ------------------------------------------------------------------ inspection

  /** SchedulingCycle(): incremented at every Pop. */
  get schedulingCycle(): number {
    return this.schedCycle;
  }

  /** Whether Pop would return a pod (activeQ, or backoffQ through PopFromBackoffQ). */
  hasPoppable(): boolean {
    return this.activeQ.size > 0 || this.podBackoffQ.size > 0;
  }

  get backoffQLength(): number {
    return this.podBackoffQ.size + this.podErrorBackoffQ.size;
  }

  podsInActiveQ(): Pod[] {
    return this.activeQ.values().map((p) => p.pod);
  }

  podsInBackoffQ(): Pod[] {
    return [...this.podBackoffQ.values(), ...this.podErrorBackoffQ.values()].map((p) => p.pod);
  }

  unschedulablePods(): Pod[] {
    return [...this.unschedulable.values()].map((p) => p.pod);
  }

  /** PendingPods' summary line: "activeQ:1; backoffQ:0; unschedulablePods:2". */
  pendingPodsSummary(): string {
    return `activeQ:${this.activeQ.size}; backoffQ:${this.backoffQLength}; unschedulablePods:${this.unschedulable.size}`;
  }

  /** GetPod: where a pod is queued, if anywhere. */
  getPod(key: string): { queue: 'activeQ' | 'backoffQ' | 'unschedulablePods'; pInfo: QueuedPodInfo } | undefined {
    const b = this.podBackoffQ.get(key) ?? this.podErrorBackoffQ.get(key);
    if (b) return { queue: 'backoffQ', pInfo: b };
    const u = this.unschedulable.get(key);
    if (u) return { queue: 'unschedulablePods', pInfo: u };
    const a = this.activeQ.get(key);
    return a ? { queue: 'activeQ', pInfo: a } : undefined;
  }

  isInFlight(uid: string): boolean {
    return this.inFlightPods.has(uid);
  }

  // ------------------------------------------------------------------ backoff

  /** getBackoffTime: computed once per attempt from the failure count, aligned to the window. */
  private backoffTime(p: QueuedPodInfo): number | undefined {
    const count = p.consecutiveErrorsCount > 0 ? p.consecutiveErrorsCount : p.unschedulableCount;
    if (count === 0) return undefined;
    if (p.backoffExpiration === undefined) {
      p.backoffExpiration = alignToWindow(p.timestamp + calculateBackoffDuration(count, this.initialBackoff, this.maxBackoff));
    }
    return p.backoffExpiration;
  }

  /** isPodBackingoff. */
  isPodBackingoff(p: QueuedPodInfo, now: number): boolean {
    return isBackingOff(this.backoffTime(p), now);
  }

  // ------------------------------------------------------------------ PreEnqueue and the moves

  newQueuedPodInfo(pod: Pod, now: number): QueuedPodInfo {
    return {
      pod,
      key: podQueueKey(pod),
      uid: pod.metadata.uid ?? '',
      priority: priorityOf(pod),
      timestamp: now,
      initialAttemptTimestamp: undefined,
      attempts: 0,
      unschedulableCount: 0,
      consecutiveErrorsCount: 0,
      backoffExpiration: undefined,
      unschedulablePlugins: new Set(),
      pendingPlugins: new Set(),
      gatingPlugin: '',
      gatingPluginEvents: [],
    };
  }

  /** runPreEnqueuePlugins: the gating plugin first, then the rest; the first rejection gates the pod. */
  private runPreEnqueuePlugins(p: QueuedPodInfo, event: string): void {
    const ordered = p.gatingPlugin
      ? [...this.preEnqueuePlugins.filter((pl) => pl.name === p.gatingPlugin), ...this.preEnqueuePlugins.filter((pl) => pl.name !== p.gatingPlugin)]
      : this.preEnqueuePlugins;
    for (const pl of ordered) {
      const msg = pl.preEnqueue(p.pod);
      if (msg === null) continue;
      p.unschedulablePlugins.add(pl.name);
      p.gatingPlugin = pl.name;
      p.gatingPluginEvents = this.hints.filter((h) => h.plugin === pl.name).map((h) => h.event);
      this.onMove({ op: 'PreEnqueue', pInfo: p, event, plugin: pl.name, message: msg });
      return;
    }
    p.gatingPlugin = '';
    this.onMove({ op: 'PreEnqueue', pInfo: p, event });
  }

  private addUnschedulable(p: QueuedPodInfo, event: string, hint?: QueueingStrategy): void {
    this.unschedulable.set(p.key, p);
    this.onMove({ op: 'unschedulablePods.addOrUpdate', pInfo: p, event, ...(hint ? { hint } : {}) });
  }

  private deleteUnschedulable(p: QueuedPodInfo): void {
    this.unschedulable.delete(p.key);
  }

  private deleteFromBackoffQ(key: string): boolean {
    return this.podBackoffQ.delete(key) || this.podErrorBackoffQ.delete(key);
  }

  /** moveToActiveQ; false when PreEnqueue gated the pod (it then waits in unschedulablePods). */
  private moveToActiveQ(p: QueuedPodInfo, event: string, now: number, movesFromBackoffQ: boolean, hint?: QueueingStrategy): boolean {
    // With PopFromBackoffQ, PreEnqueue already ran when the pod entered backoffQ.
    if (!movesFromBackoffQ) this.runPreEnqueuePlugins(p, event);
    if (p.gatingPlugin !== '') {
      if (this.activeQ.has(p.key) || this.podBackoffQ.has(p.key) || this.podErrorBackoffQ.has(p.key) || this.unschedulable.has(p.key)) return false;
      this.addUnschedulable(p, event, hint);
      return false;
    }
    if (p.initialAttemptTimestamp === undefined) p.initialAttemptTimestamp = now;
    this.deleteUnschedulable(p);
    this.deleteFromBackoffQ(p.key);
    this.activeQ.addOrUpdate(p);
    this.onMove({ op: 'activeQ.add', pInfo: p, event, ...(hint ? { hint } : {}) });
    if (event === eventLabel(EventUnscheduledPodAdd) || event === eventLabel(EventUnscheduledPodUpdate)) this.addNominatedPod(p.pod, undefined);
    return true;
  }

  /** moveToBackoffQ; false when PreEnqueue gated the pod. */
  private moveToBackoffQ(p: QueuedPodInfo, event: string, hint?: QueueingStrategy): boolean {
    this.runPreEnqueuePlugins(p, event);
    if (p.gatingPlugin !== '') {
      if (!this.unschedulable.has(p.key)) this.addUnschedulable(p, event, hint);
      return false;
    }
    this.deleteUnschedulable(p);
    // A pod no plugin rejected failed with an error: it waits in the error backoff queue.
    const heap = p.unschedulablePlugins.size === 0 && p.pendingPlugins.size === 0 ? this.podErrorBackoffQ : this.podBackoffQ;
    heap.addOrUpdate(p);
    this.onMove({ op: 'backoffQ.add', pInfo: p, event, backoffExpiration: this.backoffTime(p) ?? 0, ...(hint ? { hint } : {}) });
    return true;
  }

  /** Add: a new unscheduled pod goes to activeQ (or, gated, to unschedulablePods). */
  add(pod: Pod, now: number): QueuedPodInfo {
    const p = this.newQueuedPodInfo(pod, now);
    this.moveToActiveQ(p, eventLabel(EventUnscheduledPodAdd), now, false);
    return p;
  }

  /**
   * Pop: the head of activeQ, or, when activeQ is empty, the head of the unschedulable part of
   * backoffQ even before its backoff ends (PopFromBackoffQ). The pod becomes in-flight.
   */
  pop(): QueuedPodInfo | undefined {
    let p = this.activeQ.pop();
    let op: QueueOp = 'activeQ.pop';
    if (!p) {
      p = this.podBackoffQ.pop();
      op = 'backoffQ.popBackoff';
    }
    if (!p) return undefined;
    p.attempts++;
    p.backoffExpiration = undefined;
    this.inFlightPods.set(p.uid, this.inFlightBase + this.inFlightEvents.length);
    this.schedCycle++;
    this.onMove({ op, pInfo: p, event: op === 'activeQ.pop' ? '' : PopFromBackoffQ });
    p.unschedulablePlugins = new Set();
    p.pendingPlugins = new Set();
    p.gatingPlugin = '';
    p.gatingPluginEvents = [];
    return p;
  }

  /** Done: the pod's scheduling attempt is over; in-flight events nobody needs are dropped. */
  done(uid: string): void {
    if (!this.inFlightPods.delete(uid)) return;
    if (this.inFlightPods.size === 0) {
      this.inFlightBase += this.inFlightEvents.length;
      this.inFlightEvents = [];
      return;
    }
    let oldest = Number.POSITIVE_INFINITY;
    for (const at of this.inFlightPods.values()) if (at < oldest) oldest = at;
    const drop = oldest - this.inFlightBase;
    if (drop > 0) {
      this.inFlightEvents = this.inFlightEvents.slice(drop);
      this.inFlightBase = oldest;
    }
  }

  private addEventIfAnyInFlight(oldObj: unknown, newObj: unknown, event: ClusterEvent): void {
    if (this.inFlightPods.size > 0) this.inFlightEvents.push({ event, oldObj, newObj });
  }

  private addEventsIfPodInFlight(oldObj: unknown, newPod: Pod, events: readonly ClusterEvent[]): boolean {
    if (!this.inFlightPods.has(newPod.metadata.uid ?? '')) return false;
    for (const event of events) this.inFlightEvents.push({ event, oldObj, newObj: newPod });
    return true;
  }

  private clusterEventsForPod(p: QueuedPodInfo): InFlightEvent[] {
    const from = this.inFlightPods.get(p.uid);
    if (from === undefined) return [];
    return this.inFlightEvents.slice(Math.max(0, from - this.inFlightBase));
  }

  // ------------------------------------------------------------------ QueueingHints

  /** isEventOfInterest: does any plugin register this event. */
  private isEventOfInterest(event: ClusterEvent): boolean {
    if (isWildCard(event)) return true;
    for (const h of this.hints) if (matchClusterEvents(h.event, event)) return true;
    return false;
  }

  /**
   * isPodWorthRequeuing: ask the hints of the plugins that rejected the pod. No rejector (an
   * error) or a wildcard event: after backoff. A Queue from a Pending plugin: immediately.
   */
  isPodWorthRequeuing(p: QueuedPodInfo, event: ClusterEvent, oldObj: unknown, newObj: unknown): QueueingStrategy {
    const rejectors = new Set([...p.unschedulablePlugins, ...p.pendingPlugins]);
    if (rejectors.size === 0) return 'queueAfterBackoff';
    if (isWildCard(event)) {
      const target = newObj as Pod | undefined;
      if (target && target.kind === 'Pod' && target.metadata.uid !== p.uid) return 'queueSkip';
      return 'queueAfterBackoff';
    }
    let strategy: QueueingStrategy = 'queueSkip';
    for (const h of this.hints) {
      if (!rejectors.has(h.plugin) || !matchClusterEvents(h.event, event)) continue;
      const hint = h.hint ? h.hint(p.pod, oldObj, newObj) : 'Queue';
      if (hint === 'QueueSkip') continue;
      if (p.pendingPlugins.has(h.plugin)) return 'queueImmediately';
      if (p.pendingPlugins.size === 0) return 'queueAfterBackoff';
      strategy = 'queueAfterBackoff';
    }
    return strategy;
  }

  /** determineSchedulingHintForInFlightPod: the events seen while the pod was being scheduled. */
  private determineSchedulingHintForInFlightPod(p: QueuedPodInfo): QueueingStrategy {
    if (p.unschedulablePlugins.size === 0 && p.pendingPlugins.size === 0) return 'queueAfterBackoff';
    let strategy: QueueingStrategy = 'queueSkip';
    for (const e of this.clusterEventsForPod(p)) {
      const s = this.isPodWorthRequeuing(p, e.event, e.oldObj, e.newObj);
      if (s === 'queueImmediately') return s;
      if (s === 'queueAfterBackoff') {
        strategy = s;
        if (p.pendingPlugins.size === 0) return s;
      }
    }
    return strategy;
  }

  /** requeuePodWithQueueingStrategy: returns the queue the pod went to. */
  private requeue(p: QueuedPodInfo, strategy: QueueingStrategy, event: string, now: number): 'activeQ' | 'backoffQ' | 'unschedulablePods' {
    if (strategy === 'queueSkip') {
      this.addUnschedulable(p, event, strategy);
      return 'unschedulablePods';
    }
    if (strategy === 'queueAfterBackoff' && this.isPodBackingoff(p, now)) {
      return this.moveToBackoffQ(p, event, strategy) ? 'backoffQ' : 'unschedulablePods';
    }
    return this.moveToActiveQ(p, event, now, false, strategy) ? 'activeQ' : 'unschedulablePods';
  }

  /**
   * AddUnschedulableIfNotPresent: a pod whose attempt failed. It goes to unschedulablePods,
   * unless an event seen while it was in flight may already have changed the verdict (then
   * backoffQ or activeQ), or it failed with an error (then the error backoff queue).
   */
  addUnschedulableIfNotPresent(p: QueuedPodInfo, now: number): void {
    try {
      if (this.unschedulable.has(p.key) || this.activeQ.has(p.key) || this.podBackoffQ.has(p.key) || this.podErrorBackoffQ.has(p.key)) return;
      if (p.unschedulablePlugins.size === 0 && p.pendingPlugins.size === 0) {
        p.consecutiveErrorsCount++;
      } else {
        p.unschedulableCount++;
        p.consecutiveErrorsCount = 0;
      }
      p.timestamp = now;
      p.backoffExpiration = undefined;
      this.requeue(p, this.determineSchedulingHintForInFlightPod(p), ScheduleAttemptFailure, now);
    } finally {
      this.done(p.uid);
    }
  }

  /** flushBackoffQCompleted: every pod whose backoff ended moves to activeQ (without PreEnqueue). */
  flushBackoffQCompleted(now: number): number {
    let moved = 0;
    for (const heap of [this.podBackoffQ, this.podErrorBackoffQ]) {
      for (let p = heap.peek(); p && !this.isPodBackingoff(p, now); p = heap.peek()) {
        heap.pop();
        if (this.moveToActiveQ(p, BackoffComplete, now, true)) moved++;
      }
    }
    return moved;
  }

  /** flushUnschedulablePodsLeftover: pods waiting longer than 5 min move on (UnschedulableTimeout). */
  flushUnschedulablePodsLeftover(now: number): number {
    const stale = [...this.unschedulable.values()].filter((p) => now - p.timestamp > this.maxInUnschedulable);
    if (stale.length > 0) this.movePodsToActiveOrBackoffQueue(stale, EventUnschedulableTimeout, undefined, undefined, now);
    return stale.length;
  }

  /** How many pods would flushUnschedulablePodsLeftover consider (for the engine's timers). */
  get unschedulableCount(): number {
    return this.unschedulable.size;
  }

  /** movePodsToActiveOrBackoffQueue: returns how many pods left unschedulablePods. */
  private movePodsToActiveOrBackoffQueue(list: readonly QueuedPodInfo[], event: ClusterEvent, oldObj: unknown, newObj: unknown, now: number): number {
    if (!this.isEventOfInterest(event)) return 0;
    const label = eventLabel(event);
    let moved = 0;
    for (const p of list) {
      if (p.gatingPlugin !== '' && !matchAnyClusterEvent(event, p.gatingPluginEvents)) continue;
      const strategy = this.isPodWorthRequeuing(p, event, oldObj, newObj);
      if (strategy === 'queueSkip') continue;
      this.deleteUnschedulable(p);
      if (this.requeue(p, strategy, label, now) !== 'unschedulablePods') moved++;
    }
    this.moveRequestCycle = this.schedCycle;
    this.addEventIfAnyInFlight(oldObj, newObj, event);
    return moved;
  }

  /**
   * MoveAllToActiveOrBackoffQueue: a cluster event may make unschedulable pods schedulable.
   * Returns how many moved. `preCheck` is not used with QueueingHints (kept for the API).
   */
  moveAllToActiveOrBackoffQueue(event: ClusterEvent, oldObj: unknown, newObj: unknown, now: number, preCheck?: (pod: Pod) => boolean): number {
    if (!this.isEventOfInterest(event)) return 0;
    const list = [...this.unschedulable.values()].filter((p) => !preCheck || preCheck(p.pod));
    return this.movePodsToActiveOrBackoffQueue(list, event, oldObj, newObj, now);
  }

  /** Whether MoveAllToActiveOrBackoffQueue would look at any pod for this event (to trace only real work). */
  wouldConsiderMove(event: ClusterEvent): boolean {
    return this.unschedulable.size > 0 && this.isEventOfInterest(event);
  }

  /** getUnschedulablePodsWithCrossTopologyTerm (no inter-pod affinity: PodTopologySpread rejections in the namespace). */
  private crossTopology(pod: Pod): QueuedPodInfo[] {
    const ns = pod.metadata.namespace ?? 'default';
    return [...this.unschedulable.values()].filter((p) => p.unschedulablePlugins.has(POD_TOPOLOGY_SPREAD) && (p.pod.metadata.namespace ?? 'default') === ns);
  }

  /** AssignedPodAdded: a bound pod may satisfy spreading of pods in its namespace. */
  assignedPodAdded(pod: Pod, now: number): number {
    return this.movePodsToActiveOrBackoffQueue(this.crossTopology(pod), EventAssignedPodAdd, undefined, pod, now);
  }

  /** AssignedPodUpdated: scale-down looks at every pod, other updates only at cross-topology ones. */
  assignedPodUpdated(oldPod: Pod, newPod: Pod, event: ClusterEvent, now: number): number {
    if (matchClusterEvents({ resource: 'Pod', actionType: ActionType.UpdatePodScaleDown }, event)) return this.moveAllToActiveOrBackoffQueue(event, oldPod, newPod, now);
    return this.movePodsToActiveOrBackoffQueue(this.crossTopology(newPod), event, oldPod, newPod, now);
  }

  /**
   * Update: an unscheduled pod changed. In flight: remember the event. In activeQ or backoffQ:
   * update it there. In unschedulablePods: ask the hints whether the change helps. Elsewhere:
   * it is new to the queue (activeQ).
   */
  update(oldPod: Pod | undefined, newPod: Pod, now: number): void {
    const events = oldPod ? podSchedulingPropertiesChange(newPod, oldPod) : [EventUnscheduledPodUpdate];
    if (this.addEventsIfPodInFlight(oldPod, newPod, events)) return;
    const key = podQueueKey(newPod);
    for (const heap of [this.activeQ, this.podBackoffQ, this.podErrorBackoffQ]) {
      const p = heap.get(key);
      if (!p) continue;
      p.pod = newPod;
      p.priority = priorityOf(newPod);
      heap.addOrUpdate(p);
      this.updateNominatedPod(oldPod, newPod);
      return;
    }
    const p = this.unschedulable.get(key);
    if (p) {
      p.pod = newPod;
      p.priority = priorityOf(newPod);
      this.updateNominatedPod(oldPod, newPod);
      for (const evt of events) {
        const queue = this.requeue(p, this.isPodWorthRequeuing(p, evt, oldPod, newPod), eventLabel(evt), now);
        if (queue !== 'unschedulablePods') break;
      }
      return;
    }
    this.moveToActiveQ(this.newQueuedPodInfo(newPod, now), eventLabel(EventUnscheduledPodUpdate), now, false);
  }

  /** Delete: the pod left the queue (deleted, or bound by someone). */
  delete(pod: Pod): void {
    this.deleteNominatedPodIfExists(pod);
    const key = podQueueKey(pod);
    const a = this.activeQ.get(key);
    if (a && this.activeQ.delete(key)) {
      this.onMove({ op: 'activeQ.delete', pInfo: a, event: '' });
      return;
    }
    const b = this.podBackoffQ.get(key) ?? this.podErrorBackoffQ.get(key);
    if (b && this.deleteFromBackoffQ(key)) {
      this.onMove({ op: 'backoffQ.delete', pInfo: b, event: '' });
      return;
    }
    const u = this.unschedulable.get(key);
    if (u) {
      this.deleteUnschedulable(u);
      this.onMove({ op: 'unschedulablePods.delete', pInfo: u, event: '' });
    }
  }

  /** Activate: move these pods to activeQ now (in flight: remember a ForceActivate for them). */
  activate(pods: readonly Pod[], now: number): void {
    for (const pod of pods) {
      const key = podQueueKey(pod);
      let p = this.unschedulable.get(key);
      let fromBackoff = false;
      if (!p) {
        p = this.podBackoffQ.get(key) ?? this.podErrorBackoffQ.get(key);
        if (p) {
          this.deleteFromBackoffQ(key);
          fromBackoff = true;
        }
      }
      if (p) {
        this.moveToActiveQ(p, ForceActivate, now, fromBackoff);
        continue;
      }
      this.addEventsIfPodInFlight(undefined, pod, [EventForceActivate]);
      this.moveRequestCycle = this.schedCycle;
    }
  }

  /** The cycle of the last move request (used only without QueueingHints upstream). */
  get lastMoveRequestCycle(): number {
    return this.moveRequestCycle;
  }

  // ------------------------------------------------------------------ nominator

  /** addNominatedPod: Override names (or with '' clears) the node; without info the pod's own status counts. */
  addNominatedPod(pod: Pod, info: NominatingInfo | undefined): void {
    this.deleteNominatedPodIfExists(pod);
    let nodeName: string;
    if (info && info.mode === 'Override') nodeName = info.nominatedNodeName;
    else nodeName = pod.status?.nominatedNodeName ?? '';
    if (nodeName === '') return;
    if (this.lookupPod) {
      const current = this.lookupPod(podQueueKey(pod));
      if (!current || current.spec.nodeName) return;
    }
    const uid = pod.metadata.uid ?? '';
    this.nominatedPodToNode.set(uid, nodeName);
    let pods = this.nominatedPods.get(nodeName);
    if (!pods) this.nominatedPods.set(nodeName, (pods = new Map()));
    pods.set(uid, pod);
  }

  deleteNominatedPodIfExists(pod: Pod): void {
    const uid = pod.metadata.uid ?? '';
    const nodeName = this.nominatedPodToNode.get(uid);
    if (nodeName === undefined) return;
    this.nominatedPodToNode.delete(uid);
    const pods = this.nominatedPods.get(nodeName);
    pods?.delete(uid);
    if (pods && pods.size === 0) this.nominatedPods.delete(nodeName);
  }

  /** UpdateNominatedPod: keep a nomination made by the scheduler even if the update does not carry it yet. */
  updateNominatedPod(oldPod: Pod | undefined, newPod: Pod): void {
    const uid = newPod.metadata.uid ?? '';
    const existing = this.nominatedPodToNode.get(uid);
    let info: NominatingInfo | undefined;
    if (oldPod && existing !== undefined && !oldPod.status?.nominatedNodeName && !newPod.status?.nominatedNodeName) {
      info = { mode: 'Override', nominatedNodeName: existing };
    }
    this.addNominatedPod(newPod, info);
  }

  /** NominatedPodsForNode. */
  nominatedPodsForNode(nodeName: string): Pod[] {
    const pods = this.nominatedPods.get(nodeName);
    return pods ? [...pods.values()] : [];
  }

  get hasNominatedPods(): boolean {
    return this.nominatedPodToNode.size > 0;
  }
}
