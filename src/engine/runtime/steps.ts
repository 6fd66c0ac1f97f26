import type { ObjectRef } from '../../trace/schema.ts';
import type { Simulation } from './simulation.ts';

/** One step of a planned sequence: a span of `dur` µs. */
export interface PlannedStep {
  op: string;
  dur: number;
  attrs?: Record<string, unknown>;
}

/**
 * Plays a plan from a domain kernel (runc's create steps, an image pull, a CNI ADD) as spans
 * one after another on the simulated clock, each caused by the one before; then calls `then`
 * with the seq of the last span. Spans are recorded when they start, so the trace stays in
 * time order.
 */
export function playSteps(
  sim: Simulation,
  actor: string,
  steps: readonly PlannedStep[],
  cause: number,
  ref: ObjectRef | undefined,
  then: (lastSeq: number) => void,
): void {
  const next = (i: number, prev: number): void => {
    const step = steps[i];
    if (!step) {
      then(prev);
      return;
    }
    const seq = sim.recorder.record({
      kind: 'span',
      actor,
      op: step.op,
      dur: step.dur,
      cause: prev,
      ...(ref ? { ref } : {}),
      ...(step.attrs ? { attrs: step.attrs } : {}),
    });
    // Steps that take no time run at once; the queue is not used for them.
    if (step.dur <= 0) next(i + 1, seq);
    else sim.after(step.dur, () => next(i + 1, seq));
  };
  next(0, cause);
}
