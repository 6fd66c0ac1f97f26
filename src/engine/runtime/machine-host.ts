import { initialTransition, transition, type AnyStateMachine, type EventObject, type SnapshotFrom } from 'xstate';
import type { ObjectRef } from '../../trace/schema.ts';
import type { Recorder } from './recorder.ts';
import type { SimClock } from './sim-clock.ts';

/** Identity of one running machine, as it appears in `state` trace events. */
export interface MachineIdentity {
  /** The actor that owns the machine, e.g. `kubelet/node-1`. */
  actor: string;
  /** Which machine definition: `pod-worker`, `oci-container`, `apiserver-request`… */
  machine: string;
  /** Which instance, when an actor runs several: a pod key, a container id, a request id. */
  instance?: string;
  ref?: ObjectRef;
}

/**
 * Runs one xstate machine through its pure `transition()` function, with the snapshot kept
 * as plain data. There is no live actor object per machine: that keeps 150,000 pods' worth
 * of machines cheap, and every step is deterministic.
 *
 * The host carries out the actions that `transition()` returns: delayed `raise` (xstate's
 * `after`) on the simulated clock, `cancel`, and `emit` (handed to the owner). Each change of
 * state value is recorded as a `state` trace event.
 */
export class MachineInstance<TLogic extends AnyStateMachine = AnyStateMachine> {
  private snapshot: SnapshotFrom<TLogic>;
  private readonly timers = new Map<string, number>();
  private lastStateSeq = 0;

  constructor(
    private readonly logic: TLogic,
    readonly identity: MachineIdentity,
    private readonly deps: { recorder: Recorder; clock: SimClock; onEmit?: (ev: EventObject, cause: number) => void },
    input?: unknown,
    cause?: number,
  ) {
    const [snap, actions] = initialTransition(logic, input as never);
    this.snapshot = snap as SnapshotFrom<TLogic>;
    this.recordState(undefined, cause);
    this.execute(actions as readonly ActionLike[], cause ?? 0);
  }

  /** The current state as a dotted path, e.g. `syncPod.pullingImage`. */
  get state(): string {
    return stateValueToPath((this.snapshot as { value: unknown }).value);
  }

  get context(): unknown {
    return (this.snapshot as { context: unknown }).context;
  }

  get done(): boolean {
    return (this.snapshot as { status: string }).status === 'done';
  }

  /** seq of the last `state` event this machine recorded (a good `cause` for what follows). */
  get stateSeq(): number {
    return this.lastStateSeq;
  }

  /**
   * Sends an event. Returns false when the machine does not accept it in its current state
   * (the snapshot is unchanged), so the owner can tell a stray event from a step.
   */
  send(event: EventObject, cause?: number): boolean {
    const before = this.snapshot;
    const from = this.state;
    const [next, actions] = transition(this.logic, before, event as never);
    if (next === before) return false;
    this.snapshot = next as SnapshotFrom<TLogic>;
    if (this.state !== from) this.recordState(from, cause);
    this.execute(actions as readonly ActionLike[], this.lastStateSeq || cause || 0);
    return true;
  }

  /** Whether the machine would take this event now (without taking it). */
  can(event: EventObject): boolean {
    return (this.snapshot as { can(e: EventObject): boolean }).can(event);
  }

  private recordState(from: string | undefined, cause: number | undefined): void {
    const attrs: Record<string, unknown> = { machine: this.identity.machine };
    if (this.identity.instance !== undefined) attrs.instance = this.identity.instance;
    if (from !== undefined) attrs.from = from;
    // Views drop machines that are done (a finished apiserver request, a bound pod's binding cycle).
    if (this.done) attrs.final = true;
    this.lastStateSeq = this.deps.recorder.record({
      kind: 'state',
      actor: this.identity.actor,
      op: this.state,
      ...(this.identity.ref ? { ref: this.identity.ref } : {}),
      ...(cause ? { cause } : {}),
      attrs,
    });
  }

  private execute(actions: readonly ActionLike[], cause: number): void {
    for (const action of actions) {
      const params = (action.params ?? {}) as Record<string, unknown>;
      switch (action.type) {
        case 'xstate.raise': {
          const ev = params.event as EventObject;
          const delay = params.delay as number | undefined;
          if (delay === undefined) {
            this.send(ev, cause);
            break;
          }
          const id = (params.id as string | undefined) ?? ev.type;
          const timer = this.deps.clock.setTimeout(() => { // allow-ambient: the simulated clock
            this.timers.delete(id);
            this.send(ev, this.lastStateSeq);
          }, delay);
          this.timers.set(id, timer);
          break;
        }
        case 'xstate.cancel': {
          const id = params.sendId as string;
          const timer = this.timers.get(id);
          if (timer !== undefined) {
            this.deps.clock.clearTimeout(timer);
            this.timers.delete(id);
          }
          break;
        }
        case 'xstate.emit':
          this.deps.onEmit?.(params.event as EventObject, cause);
          break;
        default:
          break;
      }
    }
  }
}

interface ActionLike {
  type: string;
  params?: unknown;
}

/** `{syncPod: 'pullingImage'}` → `syncPod.pullingImage`. Parallel regions are joined with `,`. */
export function stateValueToPath(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object') {
    const parts = Object.entries(value as Record<string, unknown>).map(([k, v]) => {
      const inner = stateValueToPath(v);
      return inner ? `${k}.${inner}` : k;
    });
    return parts.join(',');
  }
  return '';
}
